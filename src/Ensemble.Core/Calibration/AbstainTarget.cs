namespace Ensemble.Core.Calibration;

/// <summary>
/// Where a version should start to abstain: a confidence <paramref name="Threshold"/>, or the threshold that reaches
/// <paramref name="TargetAccuracy"/> on validation with the most coverage, or the one that answers at least
/// <paramref name="TargetCoverage"/> of validation. None of them: never abstain.
/// </summary>
public sealed record AbstainTarget(float? Threshold = null, double? TargetAccuracy = null, double? TargetCoverage = null);
