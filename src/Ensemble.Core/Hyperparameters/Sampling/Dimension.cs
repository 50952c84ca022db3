namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>
/// One hyperparameter of a space. A point holds its value in the sampler's scale: a choice's index, a uniform value
/// itself, a log-uniform value's logarithm; NaN where the dimension is inactive. A dimension with one choice or equal
/// bounds is fixed. A conditional dimension is active only where <see cref="Parent"/> holds choice <see cref="ParentChoice"/>.
/// </summary>
public sealed record Dimension(string Name, DimensionKind Kind, IReadOnlyList<string> Choices, double Min, double Max)
{
    public string? Parent { get; init; }

    public int ParentChoice { get; init; }

    public static Dimension Categorical(string name, IReadOnlyList<string> choices) => new(name, DimensionKind.Categorical, choices, 0, choices.Count - 1);

    public static Dimension Numeric(string name, double min, double max, bool log) =>
        log ? new(name, DimensionKind.LogUniform, [], Math.Log(min), Math.Log(max)) : new(name, DimensionKind.Uniform, [], min, max);

    public bool IsFixed => Kind == DimensionKind.Categorical ? Choices.Count <= 1 : Min >= Max;

    /// <summary>A value from the prior: a uniform choice, or uniform between the bounds in the sampler's scale.</summary>
    public double Prior(ref Training.Tensors.SplitMix64 random) =>
        Kind == DimensionKind.Categorical ? random.NextInt(Choices.Count) : Min + random.NextDouble() * (Max - Min);

    /// <summary>The value in the space's own terms: a log-uniform value leaves the log scale.</summary>
    public double Natural(double value) => Kind == DimensionKind.LogUniform ? Math.Exp(value) : value;
}
