using Ensemble.Core.Calibration;

namespace Ensemble.Core.Versions;

/// <summary>The version saved with a threshold, and what the threshold does: coverage and accuracy on validation and test.</summary>
public sealed record AbstainResult(EnsembleVersionInfo Version, float? Threshold, CoveragePoint? Validation, CoveragePoint? Test);
