using Ensemble.Core.Scoring;

namespace Ensemble.Core.Cascades;

/// <summary>How a cascade does on some rows: its answers' score, what a row costs it on average, and the share of rows each stage answered.</summary>
public sealed record CascadeScore(Score Score, double MeanCost, double[] StageShares);
