using Ensemble.Core.Calibration;
using Ensemble.Core.Scoring;
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
        var foldTemperatures = new List<FoldTemperatures>();
        var heldBefore = new List<(float[] Probabilities, int[] Labels)>();
        var heldAfter = new List<(float[] Probabilities, int[] Labels)>();
        var gaps = new List<double?>();
        // Per fold, each set of members its best trial for that set, scored held out once the fold is done.
        var foldSubsets = new List<Dictionary<string, (float[] Weights, Score HeldOut, int Rows)>>();
        for (var f = 0; f < folds.Count; f++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (fitRows, heldRows) = folds[f];
            var fitTable = validation.Select(fitRows);
            var heldTable = validation.Select(heldRows);
            var raw = new MixtureScorer(heldTable);
            FoldTemperatures? temperatures = null;
            if (plan.Calibrate)
            {
                // Fitted on this fold's fit rows alone; the held-out rows only ever see the result.
                temperatures = new FoldTemperatures(MemberTemperatures(fitTable), 1f);
                fitTable = fitTable.Tempered(temperatures.Members);
                heldTable = heldTable.Tempered(temperatures.Members);
            }

            var fit = new MixtureScorer(fitTable);
            var held = plan.Calibrate ? new MixtureScorer(heldTable) : raw;
            Trial? best = null;
            var foldStrategy = strategy();
            var bySubset = Singles(fit);
            foreach (var trial in foldStrategy.Run(fit, cancellation))
            {
                var heldScore = held.Evaluate(trial.Weights);
                onTrial?.Invoke(new FoldTrial(f + 1, trial.Number, trial.Weights, trial.Fit, heldScore));
                if (best is null || trial.Fit.IsBetterThan(best.Fit, plan.Objective))
                {
                    best = trial;
                }

                KeepBest(bySubset, trial, plan.Objective);
            }

            foldSubsets.Add(bySubset.ToDictionary(p => p.Key, p => (p.Value.Weights, held.Evaluate(p.Value.Weights), heldRows.Length)));

            cancellation.ThrowIfCancellationRequested();
            gaps.Add(foldStrategy.OptimalityGap);
            // Pruned here as in the refit below, so the held-out estimate scores the weights a study would apply.
            var chosen = WeightVectors.Pruned(best!.Weights);
            var bestScore = held.Evaluate(chosen);
            if (temperatures is not null)
            {
                temperatures = temperatures with { Ensemble = TemperatureScaling.Fit(fitTable.Mix(chosen), fitTable.Labels, fitTable.Classes) };
                foldTemperatures.Add(temperatures);
                var served = Served(heldTable, chosen, temperatures.Ensemble);
                heldBefore.Add((validation.Select(heldRows).Mix(chosen), heldTable.Labels));
                heldAfter.Add((served, heldTable.Labels));
                bestScore = Scored(CalibrationMetrics.Measure(served, heldTable.Labels, heldTable.Classes));
            }

            var singles = Enumerable.Range(0, members).Select(m => raw.Evaluate(WeightVectors.OneHot(members, m))).ToArray();
            heldOut.Add((bestScore, raw.Evaluate(WeightVectors.Uniform(members)), singles, heldRows.Length));
        }

        // Refit on all validation rows: these are the weights (and temperatures) a study applies.
        var finalTemperatures = plan.Calibrate ? new FoldTemperatures(MemberTemperatures(validation), 1f) : null;
        var tuned = finalTemperatures is null ? validation : validation.Tempered(finalTemperatures.Members);
        var all = new MixtureScorer(tuned);
        var refit = strategy();
        var refitSubsets = Singles(all);
        Trial? refitBest = null;
        foreach (var trial in refit.Run(all, cancellation))
        {
            if (refitBest is null || trial.Fit.IsBetterThan(refitBest.Fit, plan.Objective))
            {
                refitBest = trial;
            }

            KeepBest(refitSubsets, trial, plan.Objective);
        }

        cancellation.ThrowIfCancellationRequested();
        var weights = WeightVectors.Pruned(refitBest?.Weights ?? throw new InvalidOperationException($"{refit.Name} proposed no weights."));
        gaps.Add(refit.OptimalityGap);
        var testScorer = new MixtureScorer(test);
        var subsets = Subsets(refitSubsets, foldSubsets, new MixtureScorer(finalTemperatures is null ? test : test.Tempered(finalTemperatures.Members)));
        var finalTest = testScorer.Evaluate(weights);
        StudyCalibration? calibration = null;
        if (finalTemperatures is not null)
        {
            finalTemperatures = finalTemperatures with { Ensemble = TemperatureScaling.Fit(tuned.Mix(weights), tuned.Labels, tuned.Classes) };
            var testAfter = CalibrationMetrics.Measure(Served(test.Tempered(finalTemperatures.Members), weights, finalTemperatures.Ensemble), test.Labels, test.Classes);
            calibration = new StudyCalibration(
                finalTemperatures.Members,
                finalTemperatures.Ensemble,
                foldTemperatures,
                Pooled(heldBefore, validation.Classes),
                Pooled(heldAfter, validation.Classes),
                CalibrationMetrics.Measure(test.Mix(weights), test.Labels, test.Classes),
                testAfter);
            finalTest = Scored(testAfter);
        }

        var singleHeldOut = Enumerable.Range(0, members).Select(m => Average(heldOut.Select(h => (h.Singles[m], h.Rows)))).ToArray();
        // By accuracy whatever the objective: the gain asked of an ensemble is over its most accurate member, and the
        // report sets the two side by side in accuracy.
        var bestSingle = Enumerable.Range(0, members).Aggregate((a, b) => singleHeldOut[b].IsBetterThan(singleHeldOut[a], Objective.Accuracy) ? b : a);
        return new StudyResult(
            weights,
            all.Evaluate(weights),
            Average(heldOut.Select(h => (h.Best, h.Rows))),
            finalTest,
            Average(heldOut.Select(h => (h.Uniform, h.Rows))),
            testScorer.Evaluate(WeightVectors.Uniform(members)),
            validation.Members[bestSingle],
            singleHeldOut[bestSingle],
            testScorer.Evaluate(WeightVectors.OneHot(members, bestSingle)),
            calibration,
            gaps.Max(),
            subsets);
    }

    // The set of members a weight vector runs, once negligible shares are dropped, as a key.
    private static string Support(float[] weights) => string.Join(",", Enumerable.Range(0, weights.Length).Where(m => weights[m] > 0));

    // Every single member is a candidate too, whatever the strategy tried.
    private static Dictionary<string, (float[] Weights, Score Fit)> Singles(MixtureScorer fit)
    {
        var members = fit.Table.Members.Count;
        return Enumerable.Range(0, members).ToDictionary(m => m.ToString(System.Globalization.CultureInfo.InvariantCulture), m =>
        {
            var oneHot = WeightVectors.OneHot(members, m);
            return (oneHot, fit.Evaluate(oneHot));
        });
    }

    private static void KeepBest(Dictionary<string, (float[] Weights, Score Fit)> bySubset, Trial trial, Objective objective)
    {
        var pruned = WeightVectors.Pruned(trial.Weights);
        var key = Support(pruned);
        if (!bySubset.TryGetValue(key, out var kept) || trial.Fit.IsBetterThan(kept.Fit, objective))
        {
            bySubset[key] = (pruned, trial.Fit);
        }
    }

    // The refit's sets that some fold's trials also reached, so each has an honest held-out score.
    private static List<SubsetResult> Subsets(
        Dictionary<string, (float[] Weights, Score Fit)> refit, List<Dictionary<string, (float[] Weights, Score HeldOut, int Rows)>> folds, MixtureScorer test)
    {
        var results = new List<SubsetResult>();
        foreach (var (key, (weights, _)) in refit)
        {
            var seen = folds.Where(f => f.ContainsKey(key)).Select(f => f[key]).ToList();
            if (seen.Count > 0)
            {
                results.Add(new SubsetResult(weights, Average(seen.Select(s => (s.HeldOut, s.Rows))), test.Evaluate(weights), seen.Count));
            }
        }

        return results;
    }

    // Each member's own temperature on these rows.
    private static float[] MemberTemperatures(ProbabilityTable table) =>
        [.. Enumerable.Range(0, table.Members.Count).Select(m => TemperatureScaling.Fit(table.MemberProbabilities(m), table.Labels, table.Classes))];

    // What serving gives for these (already member-tempered) rows: the weighted mixture, scaled by the ensemble's temperature.
    private static float[] Served(ProbabilityTable tempered, float[] weights, float temperature)
    {
        var mixture = tempered.Mix(weights);
        TemperatureScaling.Apply(mixture, tempered.Classes, temperature, mixture);
        return mixture;
    }

    private static Score Scored(CalibrationReport report) => new(report.Accuracy, report.LogLoss);

    private static CalibrationReport Pooled(List<(float[] Probabilities, int[] Labels)> parts, int classes) =>
        CalibrationMetrics.Measure([.. parts.SelectMany(p => p.Probabilities)], [.. parts.SelectMany(p => p.Labels)], classes);

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
