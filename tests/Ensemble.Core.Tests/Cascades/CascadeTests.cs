using CsCheck;
using Ensemble.Core.Cascades;
using Ensemble.Core.Scoring;
using Ensemble.Core.Tests.Scoring;

namespace Ensemble.Core.Tests.Cascades;

public class CascadeTests
{
    // Four rows of two classes; member 0 costs 10, member 1 costs 30, equal weights.
    //   row 0 (class 0): member 0 says 0.95 for class 0, sure enough: it stops at stage 0, right.
    //   row 1 (class 1): member 0 says 0.60 for class 0; with member 1 (0.90 for class 1) the mixture says 0.65 for class 1.
    //   row 2 (class 0): member 0 says 0.70 for class 1; the mixture says 0.55 for class 0.
    //   row 3 (class 1): member 0 says 0.92 for class 0, sure and wrong.
    private static readonly ProbabilityTable Rows = new(
        ["cheap", "dear"],
        [
            [0.95f, 0.05f, 0.60f, 0.40f, 0.30f, 0.70f, 0.92f, 0.08f],
            [0.90f, 0.10f, 0.10f, 0.90f, 0.80f, 0.20f, 0.20f, 0.80f],
        ],
        [0, 1, 0, 1],
        classes: 2);

    private static readonly double[] Costs = [10, 30];

    [Fact]
    public void ByTheLargestProbability_HandWorked()
    {
        var stages = new CascadeStages(Rows, [[0], [1]], [0.5f, 0.5f], ConfidenceRule.MaxProbability);

        var score = stages.Score([0.9], Costs);

        Assert.Equal([0, 1, 1, 0], Enumerable.Range(0, 4).Select(r => stages.Exit(r, [0.9])));
        Assert.Equal([0.5, 0.5], score.StageShares);
        // Two rows pay the cheap member alone, two pay both: (10 + 40 + 40 + 10) / 4.
        Assert.Equal(25, score.MeanCost, 9);
        Assert.Equal(0.75, score.Score.Accuracy, 9);
        Assert.Equal(-(Math.Log(0.95) + Math.Log(0.65) + Math.Log(0.55) + Math.Log(0.08)) / 4, score.Score.LogLoss, 6);
    }

    [Fact]
    public void ByTheMargin_HandWorked()
    {
        var stages = new CascadeStages(Rows, [[0], [1]], [0.5f, 0.5f], ConfidenceRule.Margin);

        var score = stages.Score([0.85], Costs);

        // Row 0's margin is 0.90 and stops; row 3's 0.84 does not, and the mixture (0.56 for class 0) is still wrong.
        Assert.Equal([0, 1, 1, 1], Enumerable.Range(0, 4).Select(r => stages.Exit(r, [0.85])));
        Assert.Equal(32.5, score.MeanCost, 9);
        Assert.Equal(0.75, score.Score.Accuracy, 9);
    }

    [Fact]
    public void TheFitter_StopsEarlyWhereThatKeepsTheAccuracy_HandWorked()
    {
        // The whole ensemble gets rows 0 to 2 right. With nothing to lose, rows 1 (0.60) and 2 (0.70) must go on to
        // the dear member; rows 0 (0.95) and 3 (0.92, wrong at either stage) may stop: a threshold above 0.70, at most 0.92.
        var strict = CascadeFitter.Fit(Rows, [0.5f, 0.5f], Costs, ConfidenceRule.MaxProbability, tolerance: 0);
        // Losing half is allowed, and the cheap member alone gets a quarter right: everything stops there.
        var loose = CascadeFitter.Fit(Rows, [0.5f, 0.5f], Costs, ConfidenceRule.MaxProbability, tolerance: 0.5);

        Assert.Equal([[0], [1]], strict.Stages);
        Assert.InRange(strict.Thresholds[0], 0.70 + 1e-6, 0.92 + 1e-6);
        Assert.Equal(25, new CascadeStages(Rows, strict.Stages, strict.Weights, strict.Rule).Score(strict.Thresholds, Costs).MeanCost, 9);
        Assert.Equal(10, new CascadeStages(Rows, loose.Stages, loose.Weights, loose.Rule).Score(loose.Thresholds, Costs).MeanCost, 9);
        Assert.Null(strict.Problem());
    }

    [Fact]
    public void AFittedCascade_KeepsTheAccuracyWithinTolerance_AndNeverCostsMoreThanTheWholeEnsemble()
    {
        var cases = Gen.Select(Gen.Int[2, 6], Gen.Int[1, 100_000], Gen.Double[0, 0.02], (members, seed, tolerance) => (members, seed, tolerance));
        cases.Sample(c =>
        {
            var random = new Ensemble.Training.Tensors.SplitMix64((ulong)c.seed);
            var table = TableFactory.Random(200, [.. Enumerable.Range(0, c.members).Select(_ => 0.5 + 2.5 * random.NextDouble())], c.seed);
            var costs = Enumerable.Range(0, c.members).Select(_ => 1 + 99 * random.NextDouble()).ToArray();
            var weights = WeightVectors.Uniform(c.members);

            var cascade = CascadeFitter.Fit(table, weights, costs, ConfidenceRule.MaxProbability, c.tolerance);
            var stages = new CascadeStages(table, cascade.Stages, cascade.Weights, cascade.Rule);
            var fitted = stages.Score(cascade.Thresholds, CascadeFitter.StageCosts(cascade, costs));
            var full = new MixtureScorer(table).Evaluate(weights);

            Assert.Null(cascade.Problem());
            Assert.True(fitted.Score.Accuracy >= full.Accuracy - c.tolerance - 1e-9, $"{fitted.Score.Accuracy} < {full.Accuracy} - {c.tolerance}");
            Assert.True(fitted.MeanCost <= costs.Sum() + 1e-9);
            Assert.Equal(costs.Order(), cascade.Stages.Select(s => costs[s[0]]));
            Assert.Equal(1.0, fitted.StageShares.Sum(), 9);
        }, iter: 60);
    }

    [Theory]
    [InlineData(new[] { 0, 0 }, new[] { 0.5 }, "only one stage")]
    [InlineData(new[] { 0, 1 }, new[] { 1.5 }, "between 0 and 1")]
    [InlineData(new[] { 0, 1 }, new double[0], "has 1 thresholds")]
    [InlineData(new[] { 0, 7 }, new[] { 0.5 }, "no weight for")]
    public void ACascadeThatCannotRun_SaysWhy(int[] stageMembers, double[] thresholds, string reason)
    {
        var cascade = new Cascade([.. stageMembers.Select(m => new[] { m })], [0.5f, 0.5f], ConfidenceRule.MaxProbability, thresholds);

        Assert.Contains(reason, cascade.Problem());
    }

    [Fact]
    public void AnEmptyStage_IsRefused() =>
        Assert.Contains("every stage at least one member", new Cascade([[0], []], [1f, 0f], ConfidenceRule.Margin, [0.5]).Problem());
}
