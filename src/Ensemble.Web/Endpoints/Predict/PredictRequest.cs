namespace Ensemble.Web.Endpoints.Predict;

/// <summary>
/// Classify inputs with an ensemble: <c>ensemble</c> by name, or <c>task</c> for that task's default ensemble (its
/// task.json's defaultEnsemble, else its uniform one); neither means the default task's. <c>weights</c> (optional) overrides the ensemble's weights for this request
/// only and must give every member a non-negative weight.
/// </summary>
public sealed record PredictRequest(string? Ensemble, IReadOnlyDictionary<string, double>? Weights, int? TopK, IReadOnlyList<PredictInstance>? Instances, string? Task = null);
