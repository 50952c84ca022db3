namespace Ensemble.Core.Ensembling;

/// <summary>
/// A member model, named and pinned by the SHA-256 of its file, with its normalized weight and the temperature its
/// probabilities are scaled by before they are mixed (1: as the model gives them).
/// </summary>
public sealed record EnsembleMember(string Model, string Sha256, float Weight)
{
    public float Temperature { get; init; } = 1f;
}
