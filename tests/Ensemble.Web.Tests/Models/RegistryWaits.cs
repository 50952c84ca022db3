using Ensemble.Core.Models;

namespace Ensemble.Web.Tests.Models;

/// <summary>Waits for the registry to reach a state, woken by each of its reloads.</summary>
public static class RegistryWaits
{
    // The watcher's quiet period and a reload fit well within it.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    public static Task UntilAsync(this ModelRegistry registry, Func<ModelRegistry, bool> condition) =>
        Signals.UntilAsync(
            signal =>
            {
                registry.Reloaded += signal;
                return Signals.Subscription(() => registry.Reloaded -= signal);
            },
            () => condition(registry),
            Bound);
}
