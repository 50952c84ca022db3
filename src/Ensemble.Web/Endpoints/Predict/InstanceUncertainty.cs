namespace Ensemble.Web.Endpoints.Predict;

/// <summary>
/// How sure the ensemble is of one instance, in nats: the entropy of its probabilities, the members' disagreement
/// (mutual information: entropy of their weighted mixture minus the weighted mean of their entropies) and the share
/// of members whose top class is the ensemble's.
/// </summary>
public sealed record InstanceUncertainty(double Entropy, double MutualInformation, double Agreement);
