namespace Ensemble.Core.Ensembling;

/// <summary>
/// The ensemble's probabilities for a batch ([batch × classes], in the task's class order) and each member's, in
/// member order (both after their temperatures); per row, how uncertain the ensemble is and whether it abstains
/// (its confidence is below the version's threshold).
/// </summary>
public sealed record EnsemblePrediction(float[] Probabilities, IReadOnlyList<MemberPrediction> Members)
{
    public IReadOnlyList<PredictionUncertainty> Uncertainty { get; init; } = [];

    public IReadOnlyList<bool> Abstain { get; init; } = [];
}
