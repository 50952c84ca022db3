using System.Globalization;
using Ensemble.Core.Hyperparameters.Sampling;
using Ensemble.Training.Optimizers;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Hyperparameters;

/// <summary>
/// The hyperparameters a search draws from: the architecture family, the optimizer and batch size (choices), a
/// log-uniform learning rate and weight decay, a uniform width multiplier and label smoothing, augmentation on or
/// off, and random erasing and CutMix (uniform, and only with augmentation on). A dimension with one choice or equal
/// bounds is fixed. The samplers see it as <see cref="Dimensions"/>; a trial keeps it as a <see cref="SearchConfiguration"/>.
/// </summary>
public sealed record SearchSpace
{
    public IReadOnlyList<string> Architectures { get; init; } = [Training.Networks.Architectures.Residual, Training.Networks.Architectures.Separable, Training.Networks.Architectures.Vgg];

    public double LearningRateMin { get; init; } = 3e-4;

    public double LearningRateMax { get; init; } = 1e-2;

    public double WidthMin { get; init; } = 0.5;

    public double WidthMax { get; init; } = 1.5;

    /// <summary>Zero turns weight decay off; otherwise log-uniform between the two.</summary>
    public double WeightDecayMin { get; init; } = 1e-5;

    public double WeightDecayMax { get; init; } = 1e-3;

    public IReadOnlyList<bool> Augment { get; init; } = [true, false];

    public IReadOnlyList<OptimizerKind> Optimizers { get; init; } = [OptimizerKind.AdamW];

    /// <summary>Null: the budget's batch size.</summary>
    public IReadOnlyList<int>? BatchSizes { get; init; }

    public double LabelSmoothingMin { get; init; }

    public double LabelSmoothingMax { get; init; }

    /// <summary>Random erasing's probability range, drawn only for configurations with augmentation on.</summary>
    public double RandomErasingMin { get; init; }

    public double RandomErasingMax { get; init; }

    /// <summary>CutMix's probability range, drawn only for configurations with augmentation on.</summary>
    public double CutMixMin { get; init; }

    public double CutMixMax { get; init; }

    public const string Architecture = "architecture";
    public const string Width = "width";
    public const string LearningRate = "learningRate";
    public const string WeightDecay = "weightDecay";
    public const string Augmentation = "augment";
    public const string Optimizer = "optimizer";
    public const string BatchSize = "batchSize";
    public const string LabelSmoothing = "labelSmoothing";
    public const string RandomErasing = "randomErasing";
    public const string CutMix = "cutMix";

    /// <summary>The space as the samplers see it, in a fixed order.</summary>
    public IReadOnlyList<Dimension> Dimensions(int budgetBatchSize) =>
    [
        Dimension.Categorical(Architecture, Architectures),
        Dimension.Numeric(Width, WidthMin, WidthMax, log: false),
        Dimension.Numeric(LearningRate, LearningRateMin, LearningRateMax, log: true),
        WeightDecayMax == 0 ? Dimension.Numeric(WeightDecay, 0, 0, log: false) : Dimension.Numeric(WeightDecay, WeightDecayMin, WeightDecayMax, log: true),
        Dimension.Categorical(Augmentation, [.. Augment.Select(a => a ? "true" : "false")]),
        Dimension.Categorical(Optimizer, [.. Optimizers.Select(o => o.ToString())]),
        Dimension.Categorical(BatchSize, [.. (BatchSizes ?? [budgetBatchSize]).Select(b => b.ToString(CultureInfo.InvariantCulture))]),
        Dimension.Numeric(LabelSmoothing, LabelSmoothingMin, LabelSmoothingMax, log: false),
        // Erasing and CutMix are augmentations: active only where augmentation is on, if it may be on at all.
        Augmenting(Dimension.Numeric(RandomErasing, RandomErasingMin, RandomErasingMax, log: false)),
        Augmenting(Dimension.Numeric(CutMix, CutMixMin, CutMixMax, log: false)),
    ];

    private Dimension Augmenting(Dimension dimension) => dimension with
    {
        Parent = Augment.Contains(true) ? Augmentation : null,
        ParentChoice = Augment.ToList().IndexOf(true),
    };

    /// <summary>A configuration drawn from the priors (the random sampler).</summary>
    public SearchConfiguration Sample(ref SplitMix64 random, int budgetBatchSize = 64)
    {
        var dimensions = Dimensions(budgetBatchSize);
        return Decode(dimensions, RandomSampler.Draw(dimensions, ref random));
    }

    /// <summary>The configuration a point stands for; widths are rounded to hundredths, as a person would write them.</summary>
    public SearchConfiguration Decode(IReadOnlyList<Dimension> dimensions, double[] point)
    {
        double Value(string name) => point[RandomSampler.IndexOf(dimensions, name)];
        double Number(string name) => dimensions[RandomSampler.IndexOf(dimensions, name)].Natural(Value(name));
        var erasing = Value(RandomErasing);
        var cutMix = Value(CutMix);
        var augment = Augment[(int)Value(Augmentation)];
        return new SearchConfiguration(
            Architectures[(int)Value(Architecture)],
            (float)Math.Round(Number(Width), 2),
            (float)Number(LearningRate),
            WeightDecayMax == 0 ? 0f : (float)Number(WeightDecay),
            augment)
        {
            Optimizer = Optimizers[(int)Value(Optimizer)],
            BatchSize = BatchSizes is { } sizes ? sizes[(int)Value(BatchSize)] : null,
            LabelSmoothing = (float)Number(LabelSmoothing),
            RandomErasing = double.IsNaN(erasing) || !augment ? 0f : (float)Number(RandomErasing),
            CutMix = double.IsNaN(cutMix) || !augment ? 0f : (float)Number(CutMix),
        };
    }

    /// <summary>The point a configuration stands at, for the samplers to learn from (NaN where a dimension was inactive or off the space).</summary>
    public double[] Encode(IReadOnlyList<Dimension> dimensions, SearchConfiguration c, int budgetBatchSize)
    {
        static double Index<T>(IReadOnlyList<T> choices, T value) => choices.ToList().IndexOf(value) is var i and >= 0 ? i : double.NaN;
        double Scaled(string name, double value) => dimensions[RandomSampler.IndexOf(dimensions, name)].Kind == DimensionKind.LogUniform ? Math.Log(Math.Max(value, 1e-30)) : value;
        var point = new[]
        {
            Index(Architectures, c.Architecture),
            c.Width,
            Scaled(LearningRate, c.LearningRate),
            Scaled(WeightDecay, c.WeightDecay),
            Index(Augment, c.Augment),
            Index(Optimizers, c.Optimizer),
            Index(BatchSizes ?? [budgetBatchSize], c.BatchSize ?? budgetBatchSize),
            c.LabelSmoothing,
            c.RandomErasing,
            c.CutMix,
        };
        return RandomSampler.Deactivate(dimensions, point);
    }

    /// <summary>The first problem with the space, or null when it is usable.</summary>
    public string? Problem()
    {
        if (Architectures.Count == 0 || Architectures.Any(a => !Training.Networks.Architectures.Names.Contains(a)))
        {
            return $"architectures must be one or more of: {string.Join(", ", Training.Networks.Architectures.Names)}.";
        }

        if (!(LearningRateMin > 0 && LearningRateMin <= LearningRateMax && LearningRateMax <= 1))
        {
            return "The learning-rate range must satisfy 0 < min ≤ max ≤ 1.";
        }

        if (!(WidthMin >= Training.Networks.Architectures.MinWidth && WidthMin <= WidthMax && WidthMax <= Training.Networks.Architectures.MaxWidth))
        {
            return $"The width range must lie within [{Training.Networks.Architectures.MinWidth}, {Training.Networks.Architectures.MaxWidth}] with min ≤ max.";
        }

        if (!(WeightDecayMax == 0 || (WeightDecayMin > 0 && WeightDecayMin <= WeightDecayMax && WeightDecayMax <= 1)))
        {
            return "The weight-decay range must satisfy 0 < min ≤ max ≤ 1 (or max = 0 for none).";
        }

        if (Augment.Count == 0 || Augment.Distinct().Count() != Augment.Count)
        {
            return "augment must list true, false or both, once each.";
        }

        if (Optimizers.Count == 0 || Optimizers.Any(o => !Enum.IsDefined(o)) || Optimizers.Distinct().Count() != Optimizers.Count)
        {
            return "optimizers must list one or more of AdamW, Adam, RmsProp and Sgd, once each.";
        }

        if (BatchSizes is { } sizes && (sizes.Count == 0 || sizes.Any(b => b is < 1 or > SearchBudget.MaxBatchSize) || sizes.Distinct().Count() != sizes.Count))
        {
            return $"batchSizes must list distinct sizes from 1 to {SearchBudget.MaxBatchSize}.";
        }

        if (!(LabelSmoothingMin >= 0 && LabelSmoothingMin <= LabelSmoothingMax && LabelSmoothingMax < 1))
        {
            return "The label-smoothing range must satisfy 0 ≤ min ≤ max < 1.";
        }

        if (!(RandomErasingMin >= 0 && RandomErasingMin <= RandomErasingMax && RandomErasingMax <= 1))
        {
            return "The random-erasing range must satisfy 0 ≤ min ≤ max ≤ 1.";
        }

        return CutMixMin >= 0 && CutMixMin <= CutMixMax && CutMixMax <= 1
            ? null
            : "The CutMix range must satisfy 0 ≤ min ≤ max ≤ 1.";
    }
}
