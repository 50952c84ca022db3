using Ensemble.Core.Tuning;

namespace Ensemble.Core.Tests.Tuning;

public class StrategyTests
{
    [Fact]
    public void LogLossOptimum_BeatsOrEqualsEveryRandomSearchTrial_OnTheFitRows()
    {
        var scorer = new MixtureScorer(TableFactory.Random(2_000, [2.0, 1.5, 1.0, 0.5], seed: 7));

        var optimum = new LogLossOptimum(tolerance: 1e-9).Run(scorer).Last();
        var trials = new RandomSearch(500, alpha: 1.0, seed: 3).Run(scorer).ToList();

        Assert.Equal(500, trials.Count);
        Assert.All(trials, t => Assert.True(optimum.Fit.LogLoss <= t.Fit.LogLoss + 1e-6, $"trial {t.Number}: {t.Fit.LogLoss} < optimum {optimum.Fit.LogLoss}"));
        Assert.Equal(1.0, optimum.Weights.Sum(), 1e-5);
    }

    [Fact]
    public void LogLossOptimum_DecreasesTheLossEveryIteration_AndConverges()
    {
        var scorer = new MixtureScorer(TableFactory.Random(1_000, [2.0, 0.2, 1.2], seed: 8));
        var strategy = new LogLossOptimum(tolerance: 1e-8);

        var losses = strategy.Run(scorer).Select(t => t.Fit.LogLoss).ToList();

        Assert.True(strategy.Iterations < 10_000, "EM did not converge");
        for (var i = 1; i < losses.Count; i++)
        {
            Assert.True(losses[i] <= losses[i - 1] + 1e-6, $"iteration {i} raised the loss");
        }
    }

    [Fact]
    public void GreedySelection_ReproducesTheHandCheckedTrajectory()
    {
        // Labels 0, 0, 1, 2. m0 knows rows 0-1, m1 knows row 2, m2 knows row 3 (worked through in the comments below).
        var table = TableFactory.Hand(
            [0, 0, 1, 2],
            [[(0, .9f), (5, .1f)], [(0, .9f), (5, .1f)], [(3, .6f), (1, .4f)], [(3, .6f), (2, .4f)]],
            [[(4, .6f), (0, .4f)], [(4, .6f), (0, .4f)], [(1, .9f), (5, .1f)], [(4, .6f), (2, .4f)]],
            [[(4, .6f), (0, .4f)], [(4, .6f), (0, .4f)], [(4, .6f), (1, .4f)], [(2, .8f), (5, .2f)]]);

        var trials = new GreedySelection(iterations: 2, initialSize: 1, Objective.Accuracy).Run(new MixtureScorer(table)).ToList();

        // Start: m0 alone (accuracy 0.5, the best single model).
        Assert.Equal([1f, 0f, 0f], trials[0].Weights);
        Assert.Equal(0.5, trials[0].Fit.Accuracy);
        // Adding m1 or m2 both reach accuracy 1; m1 wins on log-loss (row 3 gets 0.4 and rows 0-2 0.65, against 0.4 on row 2 and 0.6 on row 3).
        Assert.Equal([.5f, .5f, 0f], trials[1].Weights);
        Assert.Equal(1.0, trials[1].Fit.Accuracy);
        Assert.Equal((3 * -Math.Log(.65) - Math.Log(.4)) / 4, trials[1].Fit.LogLoss, 1e-6);
        // From {m0, m1}: another m0 or m1 ties row 3 (0.4 against 0.4, which counts as wrong); m2 keeps every row right.
        Assert.Equal(1f / 3, trials[2].Weights[2], 1e-6f);
        Assert.Equal(1.0, trials[2].Fit.Accuracy);
    }

    [Fact]
    public void Strategies_StopWhenCancelled()
    {
        var scorer = new MixtureScorer(TableFactory.Random(200, [1.0, 1.0], seed: 9));
        using var cancel = new CancellationTokenSource();

        var seen = 0;
        foreach (var _ in new RandomSearch(1_000, 1.0, seed: 1).Run(scorer, cancel.Token))
        {
            if (++seen == 10)
            {
                cancel.Cancel();
            }
        }

        Assert.Equal(10, seen);
    }
}
