namespace Ensemble.Core.Ensembling;

/// <summary>The ensemble's probabilities for a batch ([batch × classes], in the task's class order) and each member's, in member order.</summary>
public sealed record EnsemblePrediction(float[] Probabilities, IReadOnlyList<MemberPrediction> Members);
