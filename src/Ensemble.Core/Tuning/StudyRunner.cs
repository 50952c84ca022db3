using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tuning;

/// <summary>Runs a strategy under a <see cref="StudyPlan"/>: per fold, fit and score held out; then refit on everything and score on test.</summary>
public static class StudyRunner
{
    /// <param name="strategy">Makes a fresh strategy per run (folds and the final refit), with the study's settings.</param>
    /// <param name="onTrial">Called for every trial as it is scored, for storage and live progress.</param>
    public static StudyResult Run(
        StudyPlan plan, ProbabilityTable validation, ProbabilityTable test, Func<ITuningStrategy> strategy, Action<FoldTrial>? onTrial = null,
        CancellationToken cancellation = default)
    {
        plan.Validate();
        var members = validation.Members.Count;
        var folds = Split(validation.Rows, plan);
        var heldOut = new List<(Score Best, Score Uniform, Score[] Singles, int Rows)>();
        for (var f = 0; f < folds.Count; f++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (fitRows, heldRows) = folds[f];
            var fit = new MixtureScorer(validation.Select(fitRows));
            var held = new MixtureScorer(validation.Select(heldRows));
            Trial? best = null;
            foreach (var trial in strategy().Run(fit, cancellation))
            {
                var heldScore = held.Evaluate(trial.Weights);
                onTrial?.Invoke(new FoldTrial(f + 1, trial.Number, trial.Weights, trial.Fit, heldScore));
                if (best is null || trial.Fit.IsBetterThan(best.Fit, plan.Objective))
                {
                    best = trial;
                }
            }

            cancellation.ThrowIfCancellationRequested();
            var singles = Enumerable.Range(0, members).Select(m => held.Evaluate(WeightVectors.OneHot(members, m))).ToArray();
            heldOut.Add((held.Evaluate(best!.Weights), held.Evaluate(WeightVectors.Uniform(members)), singles, heldRows.Length));
        }

        // Refit on all validation rows: these are the weights a study applies.
        var all = new MixtureScorer(validation);
        Trial? final = null;
        foreach (var trial in strategy().Run(all, cancellation))
        {
            if (final is null || trial.Fit.IsBetterThan(final.Fit, plan.Objective))
            {
                final = trial;
            }
        }

        cancellation.ThrowIfCancellationRequested();
        var testScorer = new MixtureScorer(test);
        var singleHeldOut = Enumerable.Range(0, members).Select(m => Average(heldOut.Select(h => (h.Singles[m], h.Rows)))).ToArray();
        var bestSingle = Enumerable.Range(0, members).Aggregate((a, b) => singleHeldOut[b].IsBetterThan(singleHeldOut[a], plan.Objective) ? b : a);
        return new StudyResult(
            final!.Weights,
            final.Fit,
            Average(heldOut.Select(h => (h.Best, h.Rows))),
            testScorer.Evaluate(final.Weights),
            Average(heldOut.Select(h => (h.Uniform, h.Rows))),
            testScorer.Evaluate(WeightVectors.Uniform(members)),
            validation.Members[bestSingle],
            singleHeldOut[bestSingle],
            testScorer.Evaluate(WeightVectors.OneHot(members, bestSingle)));
    }

    /// <summary>The (fit rows, held-out rows) pairs of the plan, from a seeded shuffle of the validation rows.</summary>
    public static IReadOnlyList<(int[] Fit, int[] HeldOut)> Split(int rows, StudyPlan plan)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        var random = SplitMix64.ForStream(plan.Seed, stream: 13);
        random.Shuffle(order);
        if (plan.HoldoutFraction is { } fraction)
        {
            var held = Math.Clamp((int)Math.Round(rows * fraction), 1, rows - 1);
            return [(order[held..].Order().ToArray(), order[..held].Order().ToArray())];
        }

        return [.. Enumerable.Range(0, plan.Folds).Select(f =>
        {
            var start = (int)((long)rows * f / plan.Folds);
            var end = (int)((long)rows * (f + 1) / plan.Folds);
            var heldOut = order[start..end].Order().ToArray();
            var fit = order[..start].Concat(order[end..]).Order().ToArray();
            return (fit, heldOut);
        })];
    }

    // Fold scores weighted by their row counts, so unequal folds count in proportion.
    private static Score Average(IEnumerable<(Score Score, int Rows)> scores)
    {
        var list = scores.ToList();
        var rows = list.Sum(s => (double)s.Rows);
        return new Score(list.Sum(s => s.Score.Accuracy * s.Rows) / rows, list.Sum(s => s.Score.LogLoss * s.Rows) / rows);
    }

}
