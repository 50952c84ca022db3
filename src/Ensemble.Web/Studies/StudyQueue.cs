using System.Threading.Channels;

namespace Ensemble.Web.Studies;

/// <summary>Study ids waiting for the worker, first come first served.</summary>
public sealed class StudyQueue
{
    private readonly Channel<int> _channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueAsync(int studyId, CancellationToken cancellation = default) => _channel.Writer.WriteAsync(studyId, cancellation);

    public IAsyncEnumerable<int> ReadAllAsync(CancellationToken cancellation) => _channel.Reader.ReadAllAsync(cancellation);
}
