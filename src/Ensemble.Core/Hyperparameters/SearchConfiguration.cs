using Ensemble.Training.Optimizers;

namespace Ensemble.Core.Hyperparameters;

/// <summary>
/// One point of a <see cref="SearchSpace"/>. The properties after the first five came later; rows stored before
/// them read as the values those searches trained with (AdamW, the budget's batch size, no smoothing, erasing or CutMix).
/// </summary>
public sealed record SearchConfiguration(string Architecture, float Width, float LearningRate, float WeightDecay, bool Augment)
{
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    /// <summary>Null: the budget's batch size.</summary>
    public int? BatchSize { get; init; }

    public float LabelSmoothing { get; init; }

    public float RandomErasing { get; init; }

    public float CutMix { get; init; }
}
