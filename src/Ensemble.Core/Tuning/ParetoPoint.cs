using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>
/// One point of a study's accuracy–cost front: weights (in member order), what one input costs them (MFLOP, and the
/// members' measured batch-1 milliseconds when they were timed), and their held-out and test scores.
/// </summary>
public sealed record ParetoPoint(float[] Weights, double Mflop, double? Milliseconds, Score HeldOut, Score Test);
