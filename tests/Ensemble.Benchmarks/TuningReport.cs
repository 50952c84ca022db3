using System.Globalization;
using Ensemble.Core.Calibration;
using Ensemble.Core.Cascades;
using Ensemble.Core.Scoring;
using Ensemble.Core.Tuning;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Benchmarks;

/// <summary>
/// The results table of the committed task: every member, the uniform ensemble and each tuning strategy, on held-out
/// validation rows (5 folds; a member or the uniform ensemble fits nothing, so all validation rows are held out) and
/// on test, with accuracy, log-loss, ECE and MFLOP per input; each strategy with and without its fitted
/// temperatures, and the log-loss optimum and greedy selection under cost limits of 50, 100 and 200 MFLOP.
/// </summary>
public static class TuningReport
{
    /// <param name="only">The members to tune (all loaded models of the task when empty), to compare ensembles of different size side by side.</param>
    public static void Run(IReadOnlyList<string> only, string task = "fashion-mnist")
    {
        using var app = new ServingFixture();
        var cache = app.Services.GetRequiredService<MemberProbabilityCache>();
        var members = app.Registry.Loaded.Where(m => m.TaskName == task).Select(m => m.Name).Where(n => only.Count == 0 || only.Contains(n)).ToList();
        var mflop = members.Select(n => app.Registry.Find(n)?.MegaFlops ?? double.NaN).ToArray();
        var validation = cache.Table(members, "validation");
        var test = cache.Table(members, "test");
        (string Name, Objective Objective, Func<ITuningStrategy> Strategy)[] studies =
        [
            ("random search (500, α=1)", Objective.Accuracy, () => new RandomSearch(500, 1.0, seed: 1)),
            ("greedy selection (25)", Objective.Accuracy, () => new GreedySelection(25, 1, Objective.Accuracy)),
            ("log-loss optimum (EM)", Objective.LogLoss, () => new LogLossOptimum(1e-7)),
        ];
        Console.WriteLine($"members: {string.Join(", ", members)}; validation {validation.Rows:N0} rows in 5 folds; test {test.Rows:N0} rows; ECE over 15 bins");
        Header("held-out acc");
        for (var m = 0; m < members.Count; m++)
        {
            Row(members[m], "", mflop[m], Measure(validation.MemberProbabilities(m), validation), Measure(test.MemberProbabilities(m), test));
        }

        var uniform = Enumerable.Repeat(1f / members.Count, members.Count).ToArray();
        Row("uniform", Weights(uniform), mflop.Sum(), Measure(validation.Mix(uniform), validation), Measure(test.Mix(uniform), test));
        var limited = new[] { 50.0, 100.0, 200.0 }.SelectMany(limit => new (string, Objective, Func<ITuningStrategy>)[]
        {
            ($"log-loss optimum ≤ {limit} MFLOP", Objective.LogLoss, () => new LogLossOptimum(1e-7, bound: new CostBound(mflop, limit))),
            ($"greedy selection (25) ≤ {limit} MFLOP", Objective.Accuracy, () => new GreedySelection(25, 1, Objective.Accuracy, new CostBound(mflop, limit))),
        });
        StudyResult? optimum = null;
        foreach (var (name, objective, strategy) in studies.Concat(limited))
        {
            var result = StudyRunner.Run(new StudyPlan(objective, Folds: 5, Seed: 1, Calibrate: true), validation, test, strategy);
            optimum ??= name.StartsWith("log-loss", StringComparison.Ordinal) ? result : null;
            var calibration = result.Calibration!;
            var cost = new CostBound(mflop, double.PositiveInfinity).Cost(result.Weights);
            Row(name, Weights(result.Weights), cost, calibration.HeldOutBefore, calibration.TestBefore);
            Row($"{name}, temperatures", $"T = {string.Join(" / ", calibration.MemberTemperatures.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}; {calibration.Temperature.ToString("F2", CultureInfo.InvariantCulture)}",
                cost, calibration.HeldOutAfter, calibration.TestAfter);
        }

        Cascades(optimum!, validation, test, mflop);

        // How far weighting alone can take these members: if fitting on test itself stays under a target, only new
        // members can reach it. Never a result to quote as the ensemble's accuracy.
        Console.WriteLine();
        Console.WriteLine("Ceiling, not a result: each strategy fitted on the test rows themselves (no temperatures); the held-out columns score those weights on all validation rows.");
        Header("validation acc");
        var onTest = new MixtureScorer(test);
        foreach (var (name, objective, strategy) in studies)
        {
            var best = strategy().BestTrial(onTest, objective);
            Row($"{name}, fitted on test", Weights(best.Weights), new CostBound(mflop, double.PositiveInfinity).Cost(best.Weights), Measure(validation.Mix(best.Weights), validation), Measure(test.Mix(best.Weights), test));
        }
    }

    /// <summary>
    /// Cascades over the log-loss optimum's weights and member temperatures, one member per stage, cheapest first:
    /// thresholds fitted on each fold's fit rows (scored on its held-out rows), and refitted on all validation rows
    /// for test, to keep the fit rows' accuracy within each tolerance of the whole ensemble's.
    /// </summary>
    private static void Cascades(StudyResult optimum, ProbabilityTable validation, ProbabilityTable test, double[] mflop)
    {
        var temperatures = optimum.Calibration!.MemberTemperatures;
        var (tempered, testTempered) = (validation.Tempered(temperatures), test.Tempered(temperatures));
        Console.WriteLine();
        Console.WriteLine($"Cascades over the log-loss optimum ({new CostBound(mflop, double.PositiveInfinity).Cost(optimum.Weights):F1} MFLOP), one member per stage, cheapest first, by the largest probability:");
        Console.WriteLine("| tolerance (points) | held-out acc | held-out MFLOP | test acc | test log-loss | test MFLOP | share answered per stage (test) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var tolerance in new[] { 0.0, 0.001, 0.002, 0.005 })
        {
            double correct = 0, cost = 0;
            foreach (var (fit, held) in StudyRunner.Split(validation.Rows, new StudyPlan(Objective.LogLoss, Folds: 5, Seed: 1)))
            {
                var cascade = CascadeFitter.Fit(tempered.Select(fit), optimum.Weights, mflop, ConfidenceRule.MaxProbability, tolerance);
                var score = new CascadeStages(tempered.Select(held), cascade.Stages, cascade.Weights, cascade.Rule).Score(cascade.Thresholds, CascadeFitter.StageCosts(cascade, mflop));
                (correct, cost) = (correct + score.Score.Accuracy * held.Length, cost + score.MeanCost * held.Length);
            }

            var final = CascadeFitter.Fit(tempered, optimum.Weights, mflop, ConfidenceRule.MaxProbability, tolerance);
            var onTest = new CascadeStages(testTempered, final.Stages, final.Weights, final.Rule).Score(final.Thresholds, CascadeFitter.StageCosts(final, mflop));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {tolerance * 100:0.0} | {correct / validation.Rows:P2} | {cost / validation.Rows:F1} | {onTest.Score.Accuracy:P2} | {onTest.Score.LogLoss:F4} | {onTest.MeanCost:F1} | {string.Join(" / ", onTest.StageShares.Select(p => p.ToString("P1", CultureInfo.InvariantCulture)))} |"));
        }
    }

    private static void Header(string validationColumn)
    {
        Console.WriteLine($"| model | weights | MFLOP | {validationColumn} | log-loss | ECE | test acc | log-loss | ECE |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    }

    private static CalibrationReport Measure(float[] probabilities, ProbabilityTable table) =>
        CalibrationMetrics.Measure(probabilities, table.Labels, table.Classes);

    private static string Weights(IEnumerable<float> weights) => string.Join(" / ", weights.Select(w => w.ToString("F3", CultureInfo.InvariantCulture)));

    private static void Row(string name, string weights, double mflop, CalibrationReport heldOut, CalibrationReport test) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {weights} | {mflop:F1} | {heldOut.Accuracy:P2} | {heldOut.LogLoss:F4} | {heldOut.Ece:F4} | {test.Accuracy:P2} | {test.LogLoss:F4} | {test.Ece:F4} |"));
}
