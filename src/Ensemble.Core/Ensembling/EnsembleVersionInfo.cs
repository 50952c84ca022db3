namespace Ensemble.Core.Ensembling;

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
}
