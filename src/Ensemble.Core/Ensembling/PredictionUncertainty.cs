namespace Ensemble.Core.Ensembling;

/// <summary>
/// How sure an ensemble is of one prediction, in nats: the entropy of what it serves; the members' disagreement
/// (mutual information, the entropy of their weighted mixture minus the weighted mean of their own entropies, 0
/// when they all say the same); and the share of members whose top class is the ensemble's.
/// </summary>
public readonly record struct PredictionUncertainty(double Entropy, double MutualInformation, double Agreement);
