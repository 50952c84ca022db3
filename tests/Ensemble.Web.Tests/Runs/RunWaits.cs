using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Runs;

/// <summary>Waits on the app's run engine: each wait ends on the change it waits for, pushed by the engine.</summary>
public static class RunWaits
{
    // A bound on how long any run in these tests may take, not a pause.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    /// <summary>Until the run has finished; how it ended.</summary>
    public static async Task<RunStatus> EndOf(this WebApplicationFactory<Program> app, RunKind kind, int id)
    {
        using var timeout = new CancellationTokenSource(Bound);
        return await app.Services.GetRequiredService<RunEngine>().WaitForEndAsync(kind, id, timeout.Token);
    }

    /// <summary>Until <paramref name="condition"/> holds, checked now and after every change to any run.</summary>
    public static async Task Until(this WebApplicationFactory<Program> app, Func<RunEngine, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var engine = app.Services.GetRequiredService<RunEngine>();
        await engine.WhenAsync(_ => ValueTask.FromResult(condition(engine)), timeout.Token);
    }
}
