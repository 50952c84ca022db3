using Ensemble.Training.Networks;

namespace Ensemble.Training.Fitting;

/// <summary>The outcome of <see cref="Trainer.Run"/>: the trained network and its history.</summary>
public sealed record TrainingRun(Network Network, TrainingOptions Options, IReadOnlyList<EpochMetrics> History, double Seconds, bool Cancelled, int TrainImages);
