using Ensemble.Training.Training;
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
        _task.Description = $"epoch {p.Epoch}/{p.Epochs} · batch {p.Batch}/{p.Batches} · loss {p.RunningLoss:F4} · acc {p.RunningAccuracy:P1} · {p.ImagesPerSecond:N0} img/s · run ETA {p.Remaining:hh\\:mm\\:ss}";
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
