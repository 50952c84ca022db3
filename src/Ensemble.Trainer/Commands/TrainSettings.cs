using System.ComponentModel;
using Ensemble.Tasks.Data;
using Ensemble.Training.Fitting;
using Ensemble.Training.Optimizers;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

/// <summary>
/// The train command's flags: a projection of <see cref="TrainingOptions"/>, whose defaults they take, plus where
/// the data, the model and its checkpoint go.
/// </summary>
public sealed class TrainSettings : TaskSettings
{
    private static readonly TrainingOptions Defaults = new();

    [CommandOption("-d|--data <DIR>")]
    [Description("Where the train split is when the task's data/ has none (as train.npz, train/ or train-*-idx files). Default for fashion-mnist: /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist).")]
    public string? Data { get; init; }

    [CommandOption("-a|--arch <NAME>")]
    [Description("Architecture preset: residual, separable, largekernel, isotropic, vgg or mlp.")]
    public string Architecture { get; init; } = Defaults.Architecture;

    [CommandOption("-w|--width <X>")]
    [Description("Width multiplier of every hidden layer, 0.25 to 4. Default 1.")]
    public float Width { get; init; } = Defaults.Width;

    [CommandOption("-e|--epochs <N>")]
    [Description("Passes over the training split. Default 20.")]
    public int Epochs { get; init; } = Defaults.Epochs;

    [CommandOption("-b|--batch-size <B>")]
    [Description("Images per step. Default 128.")]
    public int BatchSize { get; init; } = Defaults.BatchSize;

    [CommandOption("--optimizer <NAME>")]
    [Description("adamw (default), adam, rmsprop (Keras' form, the book's default) or sgd (momentum 0.9).")]
    public string Optimizer { get; init; } = "adamw";

    [CommandOption("--lr <X>")]
    [Description("Peak learning rate. Default 2e-3 for adamw, 1e-3 for adam and rmsprop, 0.05 for sgd.")]
    public float? LearningRate { get; init; }

    [CommandOption("--weight-decay <X>")]
    [Description("L2 weight decay on kernels and dense weights (decoupled for adamw). Default 5e-4.")]
    public float WeightDecay { get; init; } = Defaults.WeightDecay;

    [CommandOption("--schedule <NAME>")]
    [Description("cosine (default) or constant.")]
    public string Schedule { get; init; } = "cosine";

    [CommandOption("--warmup <EPOCHS>")]
    [Description("Linear warm-up epochs before the schedule. Default 1.")]
    public int Warmup { get; init; } = Defaults.WarmupEpochs;

    [CommandOption("--augment")]
    [Description("Random shifts of up to 1/14 of the side (at least 1 px) and horizontal flips (the default).")]
    public bool Augment { get; init; }

    [CommandOption("--no-augment")]
    [Description("Train on the images as they are.")]
    public bool NoAugment { get; init; }

    [CommandOption("--random-erasing <P>")]
    [Description("Chance that a training image gets a rectangle of noise (random erasing); 0 is off.")]
    public float RandomErasing { get; init; } = Defaults.RandomErasing;

    [CommandOption("--cutmix <P>")]
    [Description("Chance that a training image gets a rectangle of another one pasted in, its target mixed by area (CutMix); 0 is off.")]
    public float CutMix { get; init; } = Defaults.CutMix;

    [CommandOption("--label-smoothing <X>")]
    [Description("Share of the target spread over every class; 0 is off.")]
    public float LabelSmoothing { get; init; } = Defaults.LabelSmoothing;

    [CommandOption("-s|--seed <S>")]
    [Description("Seed of initialization, shuffling and augmentation. Default 1.")]
    public int Seed { get; init; } = Defaults.Seed;

    [CommandOption("-l|--limit <N>")]
    [Description("Train on only the first N training images.")]
    public int? Limit { get; init; }

    [CommandOption("-o|--out <PATH>")]
    [Description("Where to write the ONNX model; the sidecar NAME.json goes beside it. Default TASK/ARCH.onnx.")]
    public string? Out { get; init; }

    [CommandOption("--checkpoint <PATH>")]
    [Description("Checkpoint saved after every epoch. Default checkpoints/NAME.ckpt beside the model.")]
    public string? Checkpoint { get; init; }

    [CommandOption("--resume")]
    [Description("Continue from the checkpoint with its saved options.")]
    public bool Resume { get; init; }

    [CommandOption("-t|--threads <N>")]
    [Description("Worker threads. Default: all cores. Results are bit-identical for the same seed and thread count.")]
    public int? Threads { get; init; }

    /// <summary>The hyperparameters these flags ask for; the learning rate defaults by optimizer.</summary>
    public TrainingOptions ToOptions() => new()
    {
        Architecture = Architecture,
        Width = Width,
        Epochs = Epochs,
        BatchSize = BatchSize,
        Optimizer = OptimizerKind,
        LearningRate = LearningRate ?? DefaultLearningRate(OptimizerKind),
        WeightDecay = WeightDecay,
        Cosine = Schedule == "cosine",
        WarmupEpochs = Warmup,
        Augment = !NoAugment && (Augment || Defaults.Augment),
        RandomErasing = RandomErasing,
        CutMix = CutMix,
        LabelSmoothing = LabelSmoothing,
        Seed = Seed,
        Limit = Limit,
    };

    private static float DefaultLearningRate(OptimizerKind kind) => kind switch
    {
        OptimizerKind.AdamW => Defaults.LearningRate,
        OptimizerKind.Sgd => 0.05f,
        _ => 1e-3f,
    };

    public OptimizerKind OptimizerKind => Optimizer.ToLowerInvariant() switch
    {
        "adamw" => OptimizerKind.AdamW,
        "adam" => OptimizerKind.Adam,
        "rmsprop" => OptimizerKind.RmsProp,
        "sgd" => OptimizerKind.Sgd,
        _ => throw new ArgumentException($"Unknown optimizer '{Optimizer}'; choose adamw, adam, rmsprop or sgd."),
    };

    public string OutPath => Out ?? Path.Combine(Task, $"{Architecture}.onnx");

    public string CheckpointPath => Checkpoint ?? Path.Combine(Path.GetDirectoryName(OutPath) is { Length: > 0 } d ? d : ".", "checkpoints", Path.GetFileNameWithoutExtension(OutPath) + ".ckpt");

    /// <summary>The train split's fallback directory: the one given, or Debian's package for the committed task.</summary>
    public string? TrainDirectory => Data ?? (Path.GetFileName(Path.GetFullPath(Task)) == FashionMnist.TaskName ? FashionMnist.DefaultDirectory : null);

    public override ValidationResult Validate()
    {
        if (base.Validate() is { Successful: false } task)
        {
            return task;
        }

        if (Augment && NoAugment)
        {
            return ValidationResult.Error("Choose --augment or --no-augment, not both.");
        }

        if (Schedule is not ("cosine" or "constant"))
        {
            return ValidationResult.Error($"Unknown schedule '{Schedule}'; choose cosine or constant.");
        }

        if (Threads is < 1 or > 256)
        {
            return ValidationResult.Error("--threads must be between 1 and 256.");
        }

        if (!OutPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error("--out must name an .onnx file.");
        }

        try
        {
            // The rules every way of training shares (architecture, ranges, probabilities) are the options' own.
            ToOptions().Validate();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error(e.Message);
        }

        return ValidationResult.Success();
    }
}
