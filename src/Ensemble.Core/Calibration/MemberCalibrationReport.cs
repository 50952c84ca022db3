namespace Ensemble.Core.Calibration;

/// <summary>One member as it is (before any temperature), on validation and test, and the temperature its version gives it.</summary>
public sealed record MemberCalibrationReport(string Model, float Temperature, CalibrationReport Validation, CalibrationReport Test);
