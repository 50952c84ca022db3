namespace Ensemble.Training.Fitting;

/// <summary>Progress inside an epoch, reported after every batch.</summary>
public readonly record struct BatchProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double RunningLoss,
    double RunningAccuracy,
    double ImagesPerSecond,
    TimeSpan Remaining);
