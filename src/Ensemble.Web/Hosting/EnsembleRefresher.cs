using Ensemble.Core.Persistence;
using Ensemble.Core.Versions;
using Microsoft.Extensions.Options;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Reads the active ensemble versions again every few seconds, so a version activated on another replica (or
/// by another process on the same SQLite file) serves here within that bound.
/// </summary>
internal sealed class EnsembleRefresher(EnsembleStore store, IOptions<DatabaseOptions> options, ILogger<EnsembleRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RefreshSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RefreshSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database may be briefly unreachable; serving goes on with the versions already known.
                    logger.LogWarning(e, "Refreshing the active ensemble versions failed; retrying in {Seconds} s", options.Value.RefreshSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
