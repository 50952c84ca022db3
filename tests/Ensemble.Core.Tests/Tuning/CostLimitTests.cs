using CsCheck;
using Ensemble.Core.Scoring;
using Ensemble.Core.Tests.Scoring;
using Ensemble.Core.Tuning;

namespace Ensemble.Core.Tests.Tuning;

public class CostLimitTests
{
    // Random cases: 2 to 7 members of random skill and cost, and a limit from the cheapest member to all of them.
    private static readonly Gen<(ProbabilityTable Table, CostBound Bound, int Seed)> Cases =
        Gen.Select(Gen.Int[2, 7], Gen.Int[1, 1_000_000], Gen.Double[0, 1], (members, seed, share) =>
        {
            var random = new Ensemble.Training.Tensors.SplitMix64((ulong)seed);
            var skills = Enumerable.Range(0, members).Select(_ => 0.5 + 2.5 * random.NextDouble()).ToArray();
            var costs = Enumerable.Range(0, members).Select(_ => Math.Round(1 + 99 * random.NextDouble(), 2)).ToArray();
            var limit = costs.Min() + share * (costs.Sum() - costs.Min());
            return (TableFactory.Random(120, skills, seed), new CostBound(costs, limit), seed);
        });

    [Fact]
    public void MaximalSubsets_AreEveryFittingSetThatNoOtherMemberCanJoin_HandWorked()
    {
        // 10 + 20 and 10 + 30 and 20 + 30 fit within 50 and take no third; 45 fits alone and takes no other.
        var bound = new CostBound([10, 20, 30, 45], 50);

        Assert.Equal([[0, 1], [0, 2], [1, 2], [3]], bound.MaximalSubsets());
        Assert.Equal(30, bound.Cost([0.5f, 0.5f, 0f, 0f]), 9);
        Assert.False(bound.Fits([0.2f, 0.3f, 0.5f, 0f]));
        Assert.True(bound.Fits([0f, 0.3f, 0.7f, 0f]));
    }

    [Fact]
    public void MaximalSubsets_MatchABruteForceOverEverySubset()
    {
        Cases.Sample(c =>
        {
            var n = c.Bound.Costs.Count;
            var fitting = Enumerable.Range(1, (1 << n) - 1).Select(mask => Enumerable.Range(0, n).Where(m => (mask >> m & 1) == 1).ToArray()).Where(c.Bound.FitsTogether).ToList();
            var maximal = fitting.Where(s => Enumerable.Range(0, n).All(m => s.Contains(m) || !c.Bound.FitsTogether(s.Append(m)))).Select(s => string.Join(",", s)).Order();

            Assert.Equal(maximal, c.Bound.MaximalSubsets().Select(s => string.Join(",", s)).Order());
        }, iter: 200);
    }

    [Fact]
    public void NoStrategy_EverProposesWeightsOverTheLimit_NorDoesTheStudyResult()
    {
        Cases.Sample(c =>
        {
            var fit = new MixtureScorer(c.Table);
            ITuningStrategy[] strategies =
            [
                new RandomSearch(30, 1.0, c.Seed, c.Bound),
                new GreedySelection(15, initialSize: 2, Objective.Accuracy, c.Bound),
                new LogLossOptimum(maxIterations: 200, bound: c.Bound),
            ];
            foreach (var strategy in strategies)
            {
                Assert.All(strategy.Run(fit), t => Assert.True(c.Bound.Fits(t.Weights), $"{strategy.Name}: {c.Bound.Cost(t.Weights)} > {c.Bound.Limit}"));
            }

            var result = StudyRunner.Run(new StudyPlan(Objective.Accuracy, Folds: 3, Seed: c.Seed), c.Table, c.Table, () => new RandomSearch(20, 1.0, c.Seed, c.Bound));
            Assert.True(c.Bound.Fits(result.Weights), $"{c.Bound.Cost(result.Weights)} > {c.Bound.Limit}");
        }, iter: 40);
    }

    [Fact]
    public void TheLogLossOptimumUnderALimit_BeatsEveryOtherWeightingThatFits()
    {
        Cases.Sample(c =>
        {
            var fit = new MixtureScorer(c.Table);
            var best = new LogLossOptimum(bound: c.Bound).BestTrial(fit, Objective.LogLoss);
            // Any weights that fit: random ones over random fitting sets, and every single member that fits.
            var rivals = new RandomSearch(200, 0.5, c.Seed + 1, c.Bound).Run(fit)
                .Concat(Enumerable.Range(0, c.Bound.Costs.Count).Where(m => c.Bound.FitsTogether([m])).Select(m => new Trial(0, WeightVectors.OneHot(c.Bound.Costs.Count, m), fit.Evaluate(WeightVectors.OneHot(c.Bound.Costs.Count, m)))));

            Assert.All(rivals, r => Assert.True(best.Fit.LogLoss <= r.Fit.LogLoss + 1e-6, $"{best.Fit.LogLoss} > {r.Fit.LogLoss}"));
        }, iter: 40);
    }

    [Fact]
    public void WithALimitThatFitsEveryMember_TheLogLossOptimumIsTheUnlimitedOne()
    {
        var table = TableFactory.Random(400, TableFactory.FourStrongFourWeaker, seed: 3);
        var fit = new MixtureScorer(table);
        var all = new CostBound(Enumerable.Repeat(10.0, 8).ToArray(), 80);

        var limited = new LogLossOptimum(bound: all).BestTrial(fit, Objective.LogLoss);
        var unlimited = new LogLossOptimum().BestTrial(fit, Objective.LogLoss);

        Assert.Equal(unlimited.Weights, limited.Weights);
    }

    [Fact]
    public void GreedySelection_UnderALimit_StopsAddingNewMembers_ButKeepsReweightingTheOnesItHas()
    {
        var table = TableFactory.Random(400, TableFactory.FourStrongFourWeaker, seed: 5);
        // Room for two of the eight members.
        var bound = new CostBound(Enumerable.Repeat(10.0, 8).ToArray(), 25);

        var trials = new GreedySelection(20, initialSize: 1, Objective.LogLoss, bound).Run(new MixtureScorer(table)).ToList();

        Assert.Equal(21, trials.Count);
        Assert.All(trials, t => Assert.True(t.Weights.Count(w => w > 0) <= 2));
        Assert.Equal(2, trials[^1].Weights.Count(w => w > 0));
    }

    [Theory]
    [InlineData(null, null, "names \"mflop\" or \"milliseconds\"")]
    [InlineData(100.0, 5.0, "not both")]
    [InlineData(-1.0, null, "positive number of MFLOP")]
    [InlineData(null, 0.0, "positive number of milliseconds")]
    [InlineData(double.NaN, null, "positive number")]
    [InlineData(double.PositiveInfinity, null, "positive number")]
    public void ALimitThatCannotBeUsed_SaysWhy(double? mflop, double? milliseconds, string reason) =>
        Assert.Contains(reason, new CostLimit(mflop, milliseconds).Problem());
}
