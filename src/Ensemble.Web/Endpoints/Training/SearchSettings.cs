using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Persistence.Entities;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>What a search was asked: its space and budget, and the brackets and epochs its budget plans.</summary>
public sealed record SearchSettings(SearchSpace Space, SearchBudget Budget, IReadOnlyList<Bracket> Brackets, int EpochsPlanned)
{
    public static SearchSettings Of(SearchRecord s) => new(s.Space, s.Budget, HalvingSchedule.Brackets(s.Budget), s.EpochsPlanned);
}
