using Ensemble.Training.Fitting;

namespace Ensemble.Core.TrainingJobs;

/// <summary>
/// What to train: the hyperparameters (every one optional, defaulting to the trainer's recipe for the committed
/// models), and where. The model is named <see cref="Name"/> when it is free, otherwise after the architecture and
/// the job. It trains on <see cref="Task"/>'s splits (the default task without one) and is published into that
/// task's folder.
/// </summary>
public sealed record TrainingJobRequest : TrainingOptions
{
    /// <summary>The most epochs one job may train: one request must not book the shared training lane for weeks.</summary>
    public const int MaxEpochs = 500;

    public string? Name { get; init; }

    public string? Task { get; init; }
}
