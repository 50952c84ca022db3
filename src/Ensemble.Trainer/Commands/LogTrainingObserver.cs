using Ensemble.Training.Fitting;

namespace Ensemble.Trainer.Commands;

/// <summary>Plain output for logs: one line per finished epoch.</summary>
internal sealed class LogTrainingObserver : ITrainingObserver
{
    public void OnEpochStarted(int epoch, int epochs, int batches)
    {
    }

    public void OnBatch(BatchProgress progress)
    {
    }

    public void OnEpochCompleted(EpochMetrics metrics) => Console.WriteLine(Describe(metrics));

    public static string Describe(EpochMetrics m) =>
        $"epoch {m.Epoch}: train loss {m.TrainLoss:F4} acc {m.TrainAccuracy:P2} · val loss {m.ValidationLoss:F4} acc {m.ValidationAccuracy:P2} · {m.ImagesPerSecond:N0} img/s · {m.Seconds:F0} s";
}
