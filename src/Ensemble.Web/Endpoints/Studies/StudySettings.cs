using Ensemble.Core.Ensembling;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Scoring;
using Ensemble.Core.Tuning;

namespace Ensemble.Web.Endpoints.Studies;

/// <summary>What a study was asked to do: its members (pinned to the files it scored), strategy, objective, budget, seed, folds and cost limit.</summary>
public sealed record StudySettings(
    IReadOnlyList<PinnedMember> Members,
    StrategyKind Strategy,
    Objective Objective,
    int Budget,
    int Seed,
    int Folds,
    double? HoldoutFraction,
    double Alpha,
    bool Calibrate,
    CostLimit? Limit)
{
    public static StudySettings Of(StudyRecord s) => new(
        Members: s.Members,
        Strategy: s.Strategy,
        Objective: s.Objective,
        Budget: s.Budget,
        Seed: s.Seed,
        Folds: s.Folds,
        HoldoutFraction: s.HoldoutFraction,
        Alpha: s.Alpha,
        Calibrate: s.Calibrate,
        Limit: s.Limit);
}
