using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>
/// What a study saw of one set of members: the best weights it found for that set when refitting on all validation
/// rows, their held-out score (pooled over the folds whose best trial for the set it was; a fold that never tried
/// the set does not count) and their test score. Scores are of the member-tempered mixture when the study
/// calibrates, before the mixture's own temperature.
/// </summary>
public sealed record SubsetResult(float[] Weights, Score HeldOut, Score Test, int Folds);
