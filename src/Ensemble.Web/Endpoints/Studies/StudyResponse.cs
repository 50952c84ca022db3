using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Scoring;
using Ensemble.Core.Studies;
using Ensemble.Core.Tuning;

namespace Ensemble.Web.Endpoints.Studies;

/// <summary>
/// A study's settings and state, its live progress while it runs, and its results with the baselines once done;
/// with calibration, the temperatures it fitted and their effect (accuracy, log-loss, Brier, ECE and reliability
/// bins before and after, on the pooled held-out rows and on test); for the log-loss optimum, how far short of the
/// optimum its budget may have stopped it, in nats.
/// </summary>
public sealed record StudyResponse(
    int Id,
    string Ensemble,
    IReadOnlyList<string> Members,
    StrategyKind Strategy,
    Objective Objective,
    int Budget,
    int Seed,
    int Folds,
    double? HoldoutFraction,
    double Alpha,
    RunStatus Status,
    string? Error,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? StartedUtc,
    DateTimeOffset? FinishedUtc,
    int TrialsDone,
    StudyProgress? Progress,
    float[]? Weights,
    double? HeldOutAccuracy,
    double? HeldOutLogLoss,
    double? TestAccuracy,
    double? TestLogLoss,
    double? UniformHeldOutAccuracy,
    double? UniformTestAccuracy,
    string? BestSingle,
    double? BestSingleHeldOutAccuracy,
    double? BestSingleTestAccuracy,
    int? AppliedVersion,
    bool Calibrate,
    StudyCalibration? Calibration,
    double? OptimalityGap)
{
    public static StudyResponse From(StudyRecord s, StudyProgress? progress) => new(
        s.Id, s.Ensemble, [.. s.Members.Select(m => m.Model)], s.Strategy, s.Objective, s.Budget, s.Seed, s.Folds, s.HoldoutFraction, s.Alpha,
        s.Status, s.Error, s.CreatedUtc, s.StartedUtc, s.FinishedUtc, progress?.Done ?? s.TrialsDone, progress, s.Weights,
        s.HeldOutAccuracy, s.HeldOutLogLoss, s.TestAccuracy, s.TestLogLoss, s.UniformHeldOutAccuracy, s.UniformTestAccuracy,
        s.BestSingle, s.BestSingleHeldOutAccuracy, s.BestSingleTestAccuracy, s.AppliedVersion, s.Calibrate, s.Calibration, s.OptimalityGap);
}
