using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>One candidate weight vector and its score on the rows it was fitted on.</summary>
public sealed record Trial(int Number, float[] Weights, Score Fit);
