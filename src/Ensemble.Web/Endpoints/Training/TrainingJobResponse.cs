using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.TrainingJobs;
using Ensemble.Web.Endpoints.Runs;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>
/// A training job: what it was asked, when it ran, the network it trains, its per-epoch metrics and live progress
/// while it runs, and once done its scores and the model it registered.
/// </summary>
public sealed record TrainingJobResponse(
    int Id,
    string? Task,
    RunStatus Status,
    string? Error,
    TrainingJobSettings Settings,
    RunTiming Timing,
    TrainingJobResults Results,
    TrainingProgress? Progress)
{
    public static TrainingJobResponse From(TrainingJobRecord j, TrainingProgress? progress) => new(
        Id: j.Id,
        Task: j.Task,
        Status: j.Status,
        Error: j.Error,
        Settings: TrainingJobSettings.Of(j),
        Timing: RunTiming.Of(j),
        Results: TrainingJobResults.Of(j),
        Progress: progress);
}
