using Ensemble.Training.Models;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Searches;

/// <summary>
/// The hyperparameters a search draws from: the architecture family, a log-uniform learning rate and weight
/// decay, a uniform width multiplier, and augmentation on or off.
/// </summary>
public sealed record SearchSpace
{
    public IReadOnlyList<string> Architectures { get; init; } = [Training.Models.Architectures.Residual, Training.Models.Architectures.Separable, Training.Models.Architectures.Vgg];

    public double LearningRateMin { get; init; } = 3e-4;

    public double LearningRateMax { get; init; } = 1e-2;

    public double WidthMin { get; init; } = 0.5;

    public double WidthMax { get; init; } = 1.5;

    /// <summary>Zero turns weight decay off; otherwise log-uniform between the two.</summary>
    public double WeightDecayMin { get; init; } = 1e-5;

    public double WeightDecayMax { get; init; } = 1e-3;

    public IReadOnlyList<bool> Augment { get; init; } = [true, false];

    public SearchConfiguration Sample(ref SplitMix64 random) => new(
        Architectures[random.NextInt(Architectures.Count)],
        (float)Math.Round(WidthMin + random.NextDouble() * (WidthMax - WidthMin), 2),
        (float)LogUniform(ref random, LearningRateMin, LearningRateMax),
        WeightDecayMax == 0 ? 0f : (float)LogUniform(ref random, WeightDecayMin, WeightDecayMax),
        Augment[random.NextInt(Augment.Count)]);

    /// <summary>The first problem with the space, or null when it is usable.</summary>
    public string? Problem()
    {
        if (Architectures.Count == 0 || Architectures.Any(a => !Training.Models.Architectures.Names.Contains(a)))
        {
            return $"architectures must be one or more of: {string.Join(", ", Training.Models.Architectures.Names)}.";
        }

        if (!(LearningRateMin > 0 && LearningRateMin <= LearningRateMax && LearningRateMax <= 1))
        {
            return "The learning-rate range must satisfy 0 < min ≤ max ≤ 1.";
        }

        if (!(WidthMin >= Training.Models.Architectures.MinWidth && WidthMin <= WidthMax && WidthMax <= Training.Models.Architectures.MaxWidth))
        {
            return $"The width range must lie within [{Training.Models.Architectures.MinWidth}, {Training.Models.Architectures.MaxWidth}] with min ≤ max.";
        }

        if (!(WeightDecayMax == 0 || (WeightDecayMin > 0 && WeightDecayMin <= WeightDecayMax && WeightDecayMax <= 1)))
        {
            return "The weight-decay range must satisfy 0 < min ≤ max ≤ 1 (or max = 0 for none).";
        }

        return Augment.Count == 0 ? "augment must list true, false or both." : null;
    }

    private static double LogUniform(ref SplitMix64 random, double min, double max) =>
        Math.Exp(Math.Log(min) + random.NextDouble() * (Math.Log(max) - Math.Log(min)));
}
