using Ensemble.Core.Ensembling;

namespace Ensemble.Web.Endpoints.Ensembles;

/// <summary>New weights for an ensemble: they become a new version, active unless <c>activate</c> is false.</summary>
public sealed record SetWeightsRequest(IReadOnlyDictionary<string, double> Weights, EnsembleMethod Method = EnsembleMethod.WeightedAverage, string? Note = null, bool Activate = true);
