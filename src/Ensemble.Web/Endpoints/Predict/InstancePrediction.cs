namespace Ensemble.Web.Endpoints.Predict;

/// <summary>
/// The ensemble's class probabilities (in the task's class order), the top-k classes, each member's probabilities,
/// how uncertain the ensemble is, and whether it abstains (its confidence is below the version's threshold).
/// </summary>
public sealed record InstancePrediction(float[] Probabilities, IReadOnlyList<TopClass> Top, IReadOnlyDictionary<string, float[]> Members)
{
    public InstanceUncertainty? Uncertainty { get; init; }

    public bool Abstain { get; init; }
}
