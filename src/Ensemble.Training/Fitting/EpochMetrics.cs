namespace Ensemble.Training.Fitting;

/// <summary>What one epoch achieved: training loss and accuracy over its batches, then validation on the held-out split.</summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double Seconds,
    double ImagesPerSecond,
    float LearningRate);
