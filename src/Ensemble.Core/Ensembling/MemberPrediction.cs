namespace Ensemble.Core.Ensembling;

/// <summary>One member's probabilities for a batch ([batch × 10]).</summary>
public sealed record MemberPrediction(string Model, float Weight, float[] Probabilities);
