using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.TrainingJobs;
using Ensemble.Training.Fitting;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>A training job: its task, hyperparameters, state, per-epoch metrics, live progress while it runs, and the model it registered.</summary>
public sealed record TrainingJobResponse(
    int Id,
    string? Task,
    RunStatus Status,
    string? Error,
    TrainingOptions Options,
    string? RequestedName,
    string? ModelName,
    string? ModelSha256,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? StartedUtc,
    DateTimeOffset? FinishedUtc,
    int TrainImages,
    long Parameters,
    double MegaFlops,
    int Threads,
    double TrainingSeconds,
    double? ValidationAccuracy,
    double? ValidationLogLoss,
    double? TestAccuracy,
    double? TestLogLoss,
    int? SearchId,
    int? SearchTrial,
    IReadOnlyList<EpochMetrics> Epochs,
    TrainingProgress? Progress)
{
    public static TrainingJobResponse From(TrainingJobRecord j, TrainingProgress? progress) => new(
        j.Id, j.Task, j.Status, j.Error, j.Options, j.RequestedName, j.ModelName, j.ModelSha256, j.CreatedUtc, j.StartedUtc, j.FinishedUtc,
        j.TrainImages, j.Parameters, j.MegaFlops, j.Threads, j.TrainingSeconds, j.ValidationAccuracy, j.ValidationLogLoss, j.TestAccuracy, j.TestLogLoss,
        j.SearchId, j.SearchTrial, j.Epochs, progress);
}
