namespace Ensemble.Core.TrainingJobs;

/// <summary>The live state of a running job: where it is, how fast it goes, and the running curve so far.</summary>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double RunningLoss,
    double RunningAccuracy,
    double ImagesPerSecond,
    TimeSpan Remaining,
    IReadOnlyList<CurvePoint> Curve);
