namespace Ensemble.Core.Ensembling;

/// <summary>One member's probabilities for a batch ([batch × classes], in the task's class order).</summary>
public sealed record MemberPrediction(string Model, float Weight, float[] Probabilities);
