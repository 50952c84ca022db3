using System.Threading.Channels;

namespace Ensemble.Web.Training;

/// <summary>Jobs and searches waiting for the training worker, first come first served.</summary>
public sealed class TrainingQueue
{
    private readonly Channel<TrainingWork> _channel = Channel.CreateUnbounded<TrainingWork>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueJobAsync(int id, CancellationToken cancellation = default) => _channel.Writer.WriteAsync(new TrainingWork(TrainingWorkKind.Job, id), cancellation);

    public ValueTask EnqueueSearchAsync(int id, CancellationToken cancellation = default) => _channel.Writer.WriteAsync(new TrainingWork(TrainingWorkKind.Search, id), cancellation);

    public IAsyncEnumerable<TrainingWork> ReadAllAsync(CancellationToken cancellation) => _channel.Reader.ReadAllAsync(cancellation);
}
