namespace Ensemble.Core.Calibration;

/// <summary>
/// A version as it serves (temperatures included) on validation and test: accuracy, log-loss, Brier, ECE and
/// reliability bins, and the risk–coverage curves its abstain threshold is chosen from; and each member as it is.
/// A version whose temperatures a study fitted saw the validation rows: its test figures are the honest ones.
/// </summary>
public sealed record EnsembleCalibrationReport(
    string Ensemble,
    int Version,
    string Task,
    float Temperature,
    float? AbstainBelow,
    CalibrationReport Validation,
    CalibrationReport Test,
    IReadOnlyList<CoveragePoint> ValidationCoverage,
    IReadOnlyList<CoveragePoint> TestCoverage,
    IReadOnlyList<MemberCalibrationReport> Members);
