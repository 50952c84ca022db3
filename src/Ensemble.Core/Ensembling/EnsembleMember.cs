namespace Ensemble.Core.Ensembling;

/// <summary>A member model, named and pinned by the SHA-256 of its file, with its normalized weight.</summary>
public sealed record EnsembleMember(string Model, string Sha256, float Weight);
