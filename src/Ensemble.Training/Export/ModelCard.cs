using Ensemble.Training.Fitting;
using Ensemble.Training.Onnx;

namespace Ensemble.Training.Export;

/// <summary>The sidecar written next to every exported model (NAME.json beside NAME.onnx).</summary>
public sealed record ModelCard
{
    public required string Name { get; init; }

    public required string Architecture { get; init; }

    public required long Parameters { get; init; }

    public required double MegaFlops { get; init; }

    public required TrainingOptions Hyperparameters { get; init; }

    public required int Seed { get; init; }

    public required int TrainImages { get; init; }

    public required int Threads { get; init; }

    public required IReadOnlyList<EpochMetrics> Epochs { get; init; }

    public required Evaluation Validation { get; init; }

    public required Evaluation Test { get; init; }

    public required double TrainingSeconds { get; init; }

    /// <summary>The task the model was trained for.</summary>
    public required string Task { get; init; }

    /// <summary>The model's output classes, in its output's order (the task's).</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    public required ModelOutput Output { get; init; }

    public required string Sha256 { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>The trainer command, run from the repository's root, that trains this model again.</summary>
    public string? Command { get; init; }

    public string Producer { get; init; } = "Ensemble.Training";

    public int Opset { get; init; } = 17;
}
