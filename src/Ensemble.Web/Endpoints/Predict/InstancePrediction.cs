namespace Ensemble.Web.Endpoints.Predict;

/// <summary>The ensemble's class probabilities (in the task's class order), the top-k classes, and each member's probabilities.</summary>
public sealed record InstancePrediction(float[] Probabilities, IReadOnlyList<TopClass> Top, IReadOnlyDictionary<string, float[]> Members);
