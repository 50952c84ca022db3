using Ensemble.Core.Ensembling;

namespace Ensemble.Core.Calibration;

/// <summary>The version saved with a threshold, and what the threshold does: coverage and accuracy on validation and test.</summary>
public sealed record AbstainResult(EnsembleVersionInfo Version, float? Threshold, CoveragePoint? Validation, CoveragePoint? Test);
