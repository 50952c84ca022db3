using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Ensemble.Core.TrainingJobs;
using Ensemble.Training.Kernels;
using Microsoft.Extensions.Options;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Runs the engine's lanes for the life of the app: studies on one, training jobs and searches on the other. The
/// trainer's thread pool is sized by Training:Threads (half the cores by default), so serving keeps the rest.
/// </summary>
public sealed class RunWorker(RunEngine engine, IOptions<TrainingOptionsSection> training) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var threads = training.Value.ResolvedThreads;
        if (WorkerPool.Shared.Threads != threads)
        {
            WorkerPool.Shared = new WorkerPool(threads);
        }

        return Task.WhenAll(Enum.GetValues<RunLane>().Select(lane => Task.Run(() => engine.RunLaneAsync(lane, stoppingToken), CancellationToken.None)));
    }
}
