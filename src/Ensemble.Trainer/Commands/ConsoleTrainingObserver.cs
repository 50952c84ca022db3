using Ensemble.Training.Fitting;
using Spectre.Console;

namespace Ensemble.Trainer.Commands;

/// <summary>One progress bar per epoch with running loss, accuracy and speed; one summary line per finished epoch.</summary>
internal sealed class ConsoleTrainingObserver(ProgressContext progress) : ITrainingObserver
{
    private ProgressTask? _task;

    public void OnEpochStarted(int epoch, int epochs, int batches)
    {
        _task = progress.AddTask($"epoch {epoch}/{epochs}", maxValue: batches);
    }

    public void OnBatch(BatchProgress p)
    {
        if (_task is null)
        {
            return;
        }

        _task.Value = p.Batch;
        // The bar's own column gives the epoch's remaining time; the description adds the whole run's.
        _task.Description = $"epoch {p.Epoch}/{p.Epochs} {p.Batch}/{p.Batches} loss {p.RunningLoss:F3} acc {p.RunningAccuracy:P1} {p.ImagesPerSecond:N0} img/s run {p.Remaining:h\\:mm\\:ss}";
    }

    public void OnEpochCompleted(EpochMetrics m)
    {
        if (_task is not null)
        {
            _task.Description = LogTrainingObserver.Describe(m);
            _task.StopTask();
        }
    }
}
