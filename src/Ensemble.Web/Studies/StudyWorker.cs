using Ensemble.Core.Tuning;

namespace Ensemble.Web.Studies;

/// <summary>Runs queued studies one at a time in the background; on start-up, marks those a crash cut short as interrupted.</summary>
public sealed class StudyWorker(StudyQueue queue, StudyService studies, ILogger<StudyWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await studies.RunAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken study must not stop the worker for the ones behind it.
                logger.LogError(e, "Study {Id} could not run", id);
            }
        }
    }
}
