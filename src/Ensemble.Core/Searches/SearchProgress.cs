namespace Ensemble.Core.Searches;

/// <summary>The live state of a running search: the trial in training, where it is, and the epochs spent against the plan.</summary>
public sealed record SearchProgress(
    int Bracket,
    int Rung,
    int Trial,
    int Epoch,
    int TargetEpochs,
    int Batch,
    int Batches,
    int EpochsDone,
    int EpochsPlanned,
    TimeSpan? Remaining);
