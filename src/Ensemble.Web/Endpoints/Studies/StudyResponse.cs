using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Studies;
using Ensemble.Core.Tuning;
using Ensemble.Web.Endpoints.Runs;

namespace Ensemble.Web.Endpoints.Studies;

/// <summary>
/// A study: what it was asked, when it ran, its live progress while it runs, and once done its results, the
/// baselines it is compared with, the accuracy–cost front over the sets of members it saw (cheapest first) and,
/// when it calibrates, the temperatures it fitted and their effect.
/// </summary>
public sealed record StudyResponse(
    int Id,
    string Ensemble,
    RunStatus Status,
    string? Error,
    StudySettings Settings,
    RunTiming Timing,
    int TrialsDone,
    StudyProgress? Progress,
    StudyResults? Results,
    StudyBaselines? Baselines,
    IReadOnlyList<ParetoPoint>? Pareto,
    StudyCalibration? Calibration)
{
    public static StudyResponse From(StudyRecord s, StudyProgress? progress) => new(
        Id: s.Id,
        Ensemble: s.Ensemble,
        Status: s.Status,
        Error: s.Error,
        Settings: StudySettings.Of(s),
        Timing: RunTiming.Of(s),
        TrialsDone: progress?.Done ?? s.TrialsDone,
        Progress: progress,
        Results: StudyResults.Of(s),
        Baselines: StudyBaselines.Of(s),
        Pareto: s.Pareto,
        Calibration: s.Calibration);
}
