using Ensemble.Core.Scoring;
using Ensemble.Core.Tuning;

namespace Ensemble.Core.Studies;

/// <summary>
/// What to tune and how: the ensemble whose members are weighted (or, without one, the uniform ensemble of
/// <paramref name="Task"/>, or of the default task), the strategy and its budget, the objective and the folds,
/// whether to fit temperatures (members' and the mixture's) on the fit rows too, and the most that serving one
/// input may cost the result.
/// </summary>
public sealed record StudyRequest(
    string? Ensemble = null,
    StrategyKind Strategy = StrategyKind.RandomSearch,
    Objective Objective = Objective.Accuracy,
    int Budget = 500,
    int Seed = 1,
    int Folds = 5,
    double? HoldoutFraction = null,
    double Alpha = 1.0,
    string? Task = null,
    bool Calibrate = true,
    CostLimit? Limit = null)
{
    /// <summary>The most trials or iterations one study may ask for.</summary>
    public const int MaxBudget = 1_000_000;
}
