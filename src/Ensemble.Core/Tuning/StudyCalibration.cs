using Ensemble.Core.Calibration;

namespace Ensemble.Core.Tuning;

/// <summary>
/// A study's temperature scaling and its effect. The temperatures of <see cref="MemberTemperatures"/> and
/// <see cref="Temperature"/> are refitted on all validation rows (what "apply" stores); each fold's, fitted on its
/// fit rows only, are in <see cref="Folds"/>. "Before" is the tuned weights over the members as they are; "after"
/// adds the temperatures. Held-out reports pool every fold's held-out rows, each judged by its own fold's fit.
/// </summary>
public sealed record StudyCalibration(
    float[] MemberTemperatures,
    float Temperature,
    IReadOnlyList<FoldTemperatures> Folds,
    CalibrationReport HeldOutBefore,
    CalibrationReport HeldOutAfter,
    CalibrationReport TestBefore,
    CalibrationReport TestAfter);
