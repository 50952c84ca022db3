using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Searches;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>A hyperparameter search: its task, space, budget and its rungs, state, live progress, the best trial, and optionally every trial.</summary>
public sealed record SearchResponse(
    int Id,
    string? Task,
    RunStatus Status,
    string? Error,
    SearchSpace Space,
    SearchBudget Budget,
    IReadOnlyList<Bracket> Brackets,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? StartedUtc,
    DateTimeOffset? FinishedUtc,
    int EpochsPlanned,
    int EpochsDone,
    double Seconds,
    int? BestTrial,
    double? BestValidationAccuracy,
    int? PromotedJobId,
    SearchProgress? Progress,
    IReadOnlyList<SearchTrialResponse>? Trials)
{
    public static SearchResponse From(SearchRecord s, SearchProgress? progress, IReadOnlyList<SearchTrialRecord>? trials) => new(
        s.Id, s.Task, s.Status, s.Error, s.Space, s.Budget, HalvingSchedule.Brackets(s.Budget), s.CreatedUtc, s.StartedUtc, s.FinishedUtc,
        s.EpochsPlanned, s.EpochsDone, s.Seconds, s.BestTrial, s.BestValidationAccuracy, s.PromotedJobId, progress, trials?.Select(SearchTrialResponse.From).ToArray());
}
