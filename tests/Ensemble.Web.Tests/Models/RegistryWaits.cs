using System.Threading.Channels;
using Ensemble.Core.Models;

namespace Ensemble.Web.Tests.Models;

/// <summary>Waits for the registry to reach a state, woken by each of its reloads rather than a timer.</summary>
public static class RegistryWaits
{
    public static async Task UntilAsync(this ModelRegistry registry, Func<ModelRegistry, bool> condition)
    {
        // A bound on the watcher's quiet period and a reload, not a pause.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var reloaded = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        Action signal = () => reloaded.Writer.TryWrite(true);
        registry.Reloaded += signal;
        try
        {
            while (!condition(registry))
            {
                await reloaded.Reader.ReadAsync(timeout.Token);
            }
        }
        finally
        {
            registry.Reloaded -= signal;
        }
    }
}
