namespace Ensemble.Core.Ensembling;

/// <summary>One version of an ensemble: what a prediction combines.</summary>
public sealed record EnsembleSpec(string Name, int Version, EnsembleMethod Method, IReadOnlyList<EnsembleMember> Members);
