using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Searches;
using Ensemble.Web.Endpoints.Runs;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>
/// A hyperparameter search: what it was asked (its space, budget and the rungs that follow from it), when it ran,
/// its live progress, what it has found, and optionally every trial.
/// </summary>
public sealed record SearchResponse(
    int Id,
    string? Task,
    RunStatus Status,
    string? Error,
    SearchSettings Settings,
    RunTiming Timing,
    SearchResults Results,
    SearchProgress? Progress,
    IReadOnlyList<SearchTrialResponse>? Trials)
{
    public static SearchResponse From(SearchRecord s, SearchProgress? progress, IReadOnlyList<SearchTrialRecord>? trials) => new(
        Id: s.Id,
        Task: s.Task,
        Status: s.Status,
        Error: s.Error,
        Settings: SearchSettings.Of(s),
        Timing: RunTiming.Of(s),
        Results: SearchResults.Of(s),
        Progress: progress,
        Trials: trials?.Select(SearchTrialResponse.From).ToArray());
}
