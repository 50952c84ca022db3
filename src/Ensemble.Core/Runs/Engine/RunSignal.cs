using System.Threading.Channels;

namespace Ensemble.Core.Runs.Engine;

/// <summary>Wakes a lane when work is queued; signals that arrive while it is busy fold into one.</summary>
internal sealed class RunSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken cancellation) => await _channel.Reader.ReadAsync(cancellation);
}
