using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Runs;

/// <summary>
/// Holds a run on its own thread at the first change that matches <c>at</c>, until <c>release</c> is signalled, so a
/// test acts while the run is known to be mid-way however fast it trains. Dispose to stop watching.
/// </summary>
public sealed class RunHold : IDisposable
{
    // A bound on how long a hold or its wait may last, not a pause.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _subscription;

    public RunHold(WebApplicationFactory<Program> app, Func<RunChange, bool> at, WaitHandle release)
    {
        _subscription = app.Services.GetRequiredService<RunEngine>().Subscribe(change =>
        {
            if (at(change) && _reached.TrySetResult())
            {
                release.WaitOne(Bound);
            }
        });
    }

    /// <summary>Completes once the run is held.</summary>
    public Task Reached => _reached.Task.WaitAsync(Bound);

    public void Dispose() => _subscription.Dispose();
}
