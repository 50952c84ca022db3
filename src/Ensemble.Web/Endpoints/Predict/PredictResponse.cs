namespace Ensemble.Web.Endpoints.Predict;

/// <summary>The ensemble and version that answered, its task, the weights it used, one prediction per instance, and the time taken.</summary>
public sealed record PredictResponse(string Ensemble, int Version, string Task, IReadOnlyDictionary<string, float> Weights, IReadOnlyList<InstancePrediction> Predictions, double Milliseconds);
