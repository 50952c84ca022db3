namespace Ensemble.Training.Fitting;

/// <summary>Receives progress from <see cref="Trainer"/>; the CLI draws bars from it, the app stores and streams it.</summary>
public interface ITrainingObserver
{
    void OnEpochStarted(int epoch, int epochs, int batches);

    void OnBatch(BatchProgress progress);

    void OnEpochCompleted(EpochMetrics metrics);
}
