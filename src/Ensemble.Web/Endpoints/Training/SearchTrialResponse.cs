using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Training.Fitting;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>One configuration a search trained: its bracket and highest rung, its validation curve, and why it stopped.</summary>
public sealed record SearchTrialResponse(
    int Number,
    int Bracket,
    int Rung,
    SearchConfiguration Configuration,
    int Seed,
    TrialOutcome Outcome,
    string? Reason,
    IReadOnlyList<EpochMetrics> Curve,
    double? ValidationAccuracy,
    double? ValidationLogLoss,
    double Seconds)
{
    public static SearchTrialResponse From(SearchTrialRecord t) =>
        new(t.Number, t.Bracket, t.Rung, t.Configuration, t.Seed, t.Outcome, t.Reason, t.Curve, t.ValidationAccuracy, t.ValidationLogLoss, t.Seconds);
}
