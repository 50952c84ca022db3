using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

public static class TuningStrategyExtensions
{
    /// <summary>Runs the strategy to the end and keeps its best trial by the objective; the earliest wins a tie.</summary>
    public static Trial BestTrial(this ITuningStrategy strategy, MixtureScorer fit, Objective objective, CancellationToken cancellation = default)
    {
        Trial? best = null;
        foreach (var trial in strategy.Run(fit, cancellation))
        {
            if (best is null || trial.Fit.IsBetterThan(best.Fit, objective))
            {
                best = trial;
            }
        }

        // A strategy stops early when cancelled, so the cancel is reported before an empty run could be.
        cancellation.ThrowIfCancellationRequested();
        return best ?? throw new InvalidOperationException($"{strategy.Name} proposed no weights.");
    }
}
