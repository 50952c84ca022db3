using System.Threading.Channels;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Gives a task that appears in the repository while the app runs (a folder copied in, an uploaded task) its
/// uniform ensemble, as every task present at start-up has one: after each reload of the registry that found a
/// task with loaded members and no uniform.
/// </summary>
internal sealed class TaskUniforms(ModelRegistry registry, EnsembleStore store, ILogger<TaskUniforms> logger) : BackgroundService
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
                var missing = registry.Tasks.Where(t => t.IsUsable && registry.LoadedIn(t.Name).Any() && store.Active(EnsembleStore.UniformName(t.Name)) is null).ToList();
                if (missing.Count == 0)
                {
                    continue;
                }

                try
                {
                    await store.EnsureUniformsAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Creating the uniform ensembles of {Tasks} failed; the next reload tries again", string.Join(", ", missing.Select(t => t.Name)));
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
