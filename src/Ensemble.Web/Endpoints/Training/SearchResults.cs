using Ensemble.Core.Persistence.Entities;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>What a search has done: epochs trained, seconds spent, its best trial so far, and the job it promoted.</summary>
public sealed record SearchResults(int EpochsDone, double Seconds, BestTrial? Best, int? PromotedJobId)
{
    public static SearchResults Of(SearchRecord s) => new(
        EpochsDone: s.EpochsDone,
        Seconds: s.Seconds,
        Best: (s.BestTrial, s.BestValidationAccuracy) is ({ } trial, { } accuracy) ? new BestTrial(trial, accuracy) : null,
        PromotedJobId: s.PromotedJobId);
}
