using System.Threading.Channels;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Gives a task that appears in the repository while the app runs (a folder copied in, an uploaded task) its
/// uniform ensemble and the ensembles committed in its folder, as every task present at start-up has them: after
/// each reload of the registry, which is also when a committed ensemble's missing member may have arrived.
/// </summary>
internal sealed class TaskEnsembles(ModelRegistry registry, EnsembleStore store, ILogger<TaskEnsembles> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reloads = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void Reloaded() => reloads.Writer.TryWrite(true);
        registry.Reloaded += Reloaded;
        try
        {
            // A reload may have happened between start-up's check and this subscription.
            reloads.Writer.TryWrite(true);
            while (await reloads.Reader.WaitToReadAsync(stoppingToken))
            {
                reloads.Reader.TryRead(out _);
                try
                {
                    await store.EnsureTaskEnsemblesAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Creating the tasks' missing ensembles failed; the next reload tries again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            registry.Reloaded -= Reloaded;
        }
    }
}
