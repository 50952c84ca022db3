using Ensemble.Core.Ensembling;

namespace Ensemble.Web.Endpoints.Ensembles;

/// <summary>A new ensemble: its name, method, and members with weights (weights are normalized; Average ignores their values).</summary>
public sealed record CreateEnsembleRequest(string Name, EnsembleMethod Method, IReadOnlyDictionary<string, double> Weights, string? Note);
