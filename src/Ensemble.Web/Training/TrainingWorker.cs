using Ensemble.Core.Jobs;
using Ensemble.Core.Searches;
using Ensemble.Training.Kernels;
using Microsoft.Extensions.Options;

namespace Ensemble.Web.Training;

/// <summary>
/// Trains one job or search at a time, so training never takes more than its share of the cores: the trainer's
/// thread pool is sized by Training:Threads (half the cores by default) and serving keeps the rest.
/// </summary>
public sealed class TrainingWorker(TrainingQueue queue, TrainingJobService jobs, SearchService searches, IOptions<TrainingOptionsSection> options, ILogger<TrainingWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var threads = options.Value.ResolvedThreads;
        if (WorkerPool.Shared.Threads != threads)
        {
            WorkerPool.Shared = new WorkerPool(threads);
        }

        await foreach (var work in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await (work.Kind == TrainingWorkKind.Job ? jobs.RunAsync(work.Id, stoppingToken) : searches.RunAsync(work.Id, stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken job must not stop the worker for the ones behind it.
                logger.LogError(e, "Training {Kind} {Id} could not run", work.Kind, work.Id);
            }
        }
    }
}
