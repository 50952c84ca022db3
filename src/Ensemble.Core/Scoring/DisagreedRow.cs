namespace Ensemble.Core.Scoring;

/// <summary>
/// One row on which the members disagree: its index in the split, its label, the ensemble's class, each member's
/// class (in member order) and the members' mutual information (nats).
/// </summary>
public sealed record DisagreedRow(int Row, int Label, int Ensemble, int[] Members, double MutualInformation);
