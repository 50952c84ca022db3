namespace Ensemble.Web.Endpoints.Predict;

/// <summary>
/// Classify images with an ensemble. <c>weights</c> (optional) overrides the ensemble's weights for this request
/// only and must give every member a non-negative weight.
/// </summary>
public sealed record PredictRequest(string? Ensemble, IReadOnlyDictionary<string, double>? Weights, int? TopK, IReadOnlyList<PredictInstance>? Instances);
