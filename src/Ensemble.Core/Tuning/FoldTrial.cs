using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>A trial of one fold's run: its weights, its score on the fold's fit rows and on its held-out rows.</summary>
public sealed record FoldTrial(int Fold, int Number, float[] Weights, Score Fit, Score HeldOut);
