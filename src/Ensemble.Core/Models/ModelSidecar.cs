namespace Ensemble.Core.Models;

/// <summary>The fields of a model's NAME.json sidecar that serving reads; the trainer writes more.</summary>
public sealed record ModelSidecar
{
    public string? Architecture { get; init; }

    public long? Parameters { get; init; }

    public SplitScore? Validation { get; init; }

    public SplitScore? Test { get; init; }

    public IReadOnlyList<string>? ClassNames { get; init; }

    public string? Sha256 { get; init; }
}
