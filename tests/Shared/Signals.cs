using System.Threading.Channels;

namespace Ensemble.Testing;

/// <summary>Waits for a condition that only changes when an event fires: woken by the event, never by a timer.</summary>
public static class Signals
{
    /// <param name="subscribe">Adds the handler to the event (and returns what removes it).</param>
    /// <param name="bound">How long the whole wait may take: a bound, not a pause.</param>
    public static async Task UntilAsync(Func<Action, IDisposable> subscribe, Func<bool> condition, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        var fired = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var subscription = subscribe(() => fired.Writer.TryWrite(true));
        while (!condition())
        {
            await fired.Reader.ReadAsync(timeout.Token);
        }
    }

    /// <summary>A subscription that ends when disposed.</summary>
    public static IDisposable Subscription(Action remove) => new Removal(remove);

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
