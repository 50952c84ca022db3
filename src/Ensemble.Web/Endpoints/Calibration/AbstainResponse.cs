using Ensemble.Core.Calibration;
using Ensemble.Core.Ensembling;

namespace Ensemble.Web.Endpoints.Calibration;

/// <summary>The version saved with the threshold, and what the threshold does: coverage and accuracy on validation and test.</summary>
public sealed record AbstainResponse(EnsembleVersionInfo Version, float? Threshold, CoveragePoint? Validation, CoveragePoint? Test);
