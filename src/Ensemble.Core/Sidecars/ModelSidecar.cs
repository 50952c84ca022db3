namespace Ensemble.Core.Sidecars;

/// <summary>
/// The fields of a model's NAME.json sidecar that serving reads; the trainer writes more. Every field is optional:
/// without a sidecar a member is adapted from what its ONNX graph says.
/// </summary>
public sealed record ModelSidecar
{
    public string? Architecture { get; init; }

    public long? Parameters { get; init; }

    /// <summary>Millions of floating-point operations of one forward pass on one input, as the trainer counted them.</summary>
    public double? MegaFlops { get; init; }

    public SplitScore? Validation { get; init; }

    public SplitScore? Test { get; init; }

    /// <summary>The model's own class order, by the task's class names.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>The name earlier trainer versions wrote for <see cref="Classes"/>.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    public SidecarInput? Input { get; init; }

    public SidecarOutput? Output { get; init; }

    /// <summary>"horizontalFlip": the member also scores each image mirrored and serves the mean of both (image tasks).</summary>
    public string? TestTimeAugmentation { get; init; }

    public string? Sha256 { get; init; }

    public IReadOnlyList<string>? ModelClasses => Classes ?? ClassNames;
}
