using Ensemble.Core.Calibration;

namespace Ensemble.Web.Endpoints.Calibration;

/// <summary>One member as it is (before any temperature): its calibration on validation and test.</summary>
public sealed record MemberCalibration(string Model, float Temperature, CalibrationReport Validation, CalibrationReport Test);
