using Ensemble.Core.Ensembling;

namespace Ensemble.Core.Versions;

/// <summary>A stored version with its history fields, for listings.</summary>
public sealed record EnsembleVersionInfo(
    string Name,
    int Version,
    bool Active,
    EnsembleMethod Method,
    Provenance Provenance,
    int? StudyId,
    string? Note,
    DateTimeOffset CreatedUtc,
    IReadOnlyList<EnsembleMember> Members)
{
    public string Task { get; init; } = "";

    /// <summary>The mixture's temperature (1: none).</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>The confidence below which this version abstains; null: never.</summary>
    public float? AbstainBelow { get; init; }
}
