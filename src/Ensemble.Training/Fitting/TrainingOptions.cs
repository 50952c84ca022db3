using Ensemble.Training.Optimizers;

namespace Ensemble.Training.Fitting;

/// <summary>
/// Hyperparameters of one training run, declared here once: a training job's request extends them, the Training
/// page edits them, and the CLI's flags and the sidecar's recorded command project them. The defaults are the
/// trainer's recipe for the committed models: AdamW (lr 2e-3, decay 5e-4), cosine schedule after one warm-up
/// epoch, shifts and flips, batch 128.
/// </summary>
public record TrainingOptions
{
    public const int MaxBatchSize = 4096;

    public string Architecture { get; init; } = "residual";

    /// <summary>Multiplies the width of every hidden layer (see <see cref="Networks.Architectures"/>).</summary>
    public float Width { get; init; } = 1f;

    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 128;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    public float LearningRate { get; init; } = 2e-3f;

    public float WeightDecay { get; init; } = 5e-4f;

    public bool Cosine { get; init; } = true;

    /// <summary>Linear warm-up length; a run always keeps at least one epoch after it.</summary>
    public int WarmupEpochs { get; init; } = 1;

    public bool Augment { get; init; } = true;

    /// <summary>
    /// The chance that a training image gets one random rectangle (2–40 % of its area, aspect 0.3–3.3) filled with
    /// uniform noise, as in random erasing (Zhong et al. 2017); 0 turns it off.
    /// </summary>
    public float RandomErasing { get; init; }

    /// <summary>
    /// The chance that a training image gets a rectangle of another training image pasted over it, and a target mixed
    /// in proportion to the pasted area, as CutMix (Yun et al. 2019); 0 turns it off. Images only.
    /// </summary>
    public float CutMix { get; init; }

    /// <summary>The share of the target spread evenly over every class (Szegedy et al. 2016); 0 trains on one-hot targets.</summary>
    public float LabelSmoothing { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Train on only the first N training images (quick runs and searches).</summary>
    public int? Limit { get; init; }

    /// <summary>These options alone, without what a record that extends them adds (a job's name and task).</summary>
    public TrainingOptions ToOptions() => new(this);

    public void Validate()
    {
        if (!Networks.Architectures.Names.Contains(Architecture))
        {
            throw new ArgumentException($"Unknown architecture '{Architecture}'; choose one of: {string.Join(", ", Networks.Architectures.Names)}.");
        }

        if (!(Width >= Networks.Architectures.MinWidth && Width <= Networks.Architectures.MaxWidth))
        {
            throw new ArgumentException($"The width multiplier must be between {Networks.Architectures.MinWidth} and {Networks.Architectures.MaxWidth}.");
        }

        if (Epochs < 1)
        {
            throw new ArgumentException("Epochs must be at least 1.");
        }

        if (BatchSize is < 1 or > MaxBatchSize)
        {
            throw new ArgumentException($"Batch size must be between 1 and {MaxBatchSize}.");
        }

        if (!(LearningRate > 0f) || float.IsInfinity(LearningRate))
        {
            throw new ArgumentException("The learning rate must be a positive number.");
        }

        if (!(WeightDecay >= 0f) || float.IsInfinity(WeightDecay))
        {
            throw new ArgumentException("Weight decay must be zero or a positive number.");
        }

        if (WarmupEpochs < 0)
        {
            throw new ArgumentException("Warm-up epochs cannot be negative.");
        }

        if (!(RandomErasing is >= 0f and <= 1f))
        {
            throw new ArgumentException("Random erasing is a probability, from 0 to 1.");
        }

        if (!(CutMix is >= 0f and <= 1f))
        {
            throw new ArgumentException("CutMix is a probability, from 0 to 1.");
        }

        if (!(LabelSmoothing is >= 0f and < 1f))
        {
            throw new ArgumentException("Label smoothing must be at least 0 and below 1.");
        }

        if (Limit is < 1)
        {
            throw new ArgumentException("The limit must be at least 1 image.");
        }
    }
}
