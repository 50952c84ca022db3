namespace Ensemble.Web.Endpoints.Calibration;

/// <summary>
/// Where the active version should start to abstain: a confidence <c>threshold</c>, or the threshold that reaches
/// <c>targetAccuracy</c> on validation with the most coverage, or the one that answers at least
/// <c>targetCoverage</c> of validation; none of them removes the threshold. Saved as a new version, active unless
/// <c>activate</c> is false.
/// </summary>
public sealed record SetAbstainRequest(float? Threshold = null, double? TargetAccuracy = null, double? TargetCoverage = null, string? Note = null, bool Activate = true);
