using Ensemble.Core.Scoring;
using Ensemble.Core.Tests.Scoring;
using Ensemble.Core.Tuning;
using Xunit.Abstractions;

namespace Ensemble.Core.Tests.Tuning;

public class StrategyTests(ITestOutputHelper output)
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
    public void LogLossOptimum_ReachesWhatPlainEmCrawlsTo_InATenthOfTheSteps_WhereMembersAreAlike()
    {
        // Twelve members that see one truth through their own noise, at five degrees of overconfidence: alike enough
        // that plain EM needs thousands of steps.
        AssertOptimalInATenthOfTheSteps(TableFactory.Overconfident(2_000, [1f, 1f, 1f, 1.2f, 1.2f, 1.5f, 1.5f, 2f, 2f, .8f, .8f, 1f], seed: 11));
    }

    [Fact]
    public void LogLossOptimum_ReachesWhatPlainEmCrawlsTo_InATenthOfTheSteps_WhereTheOptimumDropsMembers()
    {
        // Four strong members and four a little weaker, as the committed task's older nets beside its strong ones: the
        // optimum gives the weaker ones about 0.001 and 0, which plain EM approaches over thousands of steps. Here the
        // extrapolation overshoots the one that keeps 0.001 to 0, so the result also proves it is given weight back.
        AssertOptimalInATenthOfTheSteps(TableFactory.Random(2_000, TableFactory.FourStrongFourWeaker, seed: 12));
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

    private void AssertOptimalInATenthOfTheSteps(ProbabilityTable table)
    {
        var strategy = new LogLossOptimum(tolerance: 1e-9);

        var optimum = strategy.Run(new MixtureScorer(table)).Last();

        var (reference, steps) = PlainEm(table, tolerance: 1e-9, maxSteps: 1_000_000);
        var weights = optimum.Weights.Select(w => (double)w).ToArray();
        output.WriteLine($"accelerated: {strategy.Iterations} iterations, {strategy.Steps} EM steps, weights {string.Join(" / ", weights.Select(w => w.ToString("F4")))}; plain EM: {steps} steps");
        Assert.True(Nll(table, weights) <= Nll(table, reference) + 1e-7, $"{Nll(table, weights)} > plain EM's {Nll(table, reference)}");
        // The optimality conditions on the simplex: mean_r p_m / mix is 1 for every member with weight, at most 1 for the rest.
        var gradient = Gradient(table, weights);
        for (var m = 0; m < weights.Length; m++)
        {
            Assert.True(gradient[m] <= 1 + 1e-4, $"member {m}: {gradient[m]}");
            Assert.True(weights[m] < 1e-3 || Math.Abs(gradient[m] - 1) < 1e-4, $"member {m} at {weights[m]}: {gradient[m]}");
        }

        Assert.True(strategy.Steps * 10 <= steps, $"{strategy.Steps} EM steps against plain EM's {steps}");
    }

    /// <summary>
    /// The textbook EM iteration, one step at a time, until Cover's bound (log of the largest gradient) puts its loss
    /// within <paramref name="tolerance"/> of the optimum: the oracle the accelerated one must agree with.
    /// </summary>
    private static (double[] Weights, int Steps) PlainEm(ProbabilityTable table, double tolerance, int maxSteps)
    {
        var members = table.Members.Count;
        var weights = Enumerable.Repeat(1.0 / members, members).ToArray();
        for (var step = 0; step < maxSteps; step++)
        {
            var gradient = Gradient(table, weights);
            if (Math.Log(gradient.Max()) < tolerance)
            {
                return (weights, step);
            }

            for (var m = 0; m < members; m++)
            {
                weights[m] *= gradient[m];
            }
        }

        return (weights, maxSteps);
    }

    /// <summary>mean_r p_m(y_r) / Σ_k w_k p_k(y_r) for every member m: the NLL's gradient, negated.</summary>
    private static double[] Gradient(ProbabilityTable table, double[] weights)
    {
        var mixed = Mixed(table, weights);
        return [.. Enumerable.Range(0, weights.Length).Select(m =>
        {
            var p = table.LabelProbability(m);
            double sum = 0;
            for (var r = 0; r < mixed.Length; r++)
            {
                sum += p[r] / mixed[r];
            }

            return sum / mixed.Length;
        })];
    }

    private static double Nll(ProbabilityTable table, double[] weights) => -Mixed(table, weights).Average(Math.Log);

    private static double[] Mixed(ProbabilityTable table, double[] weights)
    {
        var mixed = new double[table.Rows];
        for (var m = 0; m < weights.Length; m++)
        {
            var p = table.LabelProbability(m);
            for (var r = 0; r < mixed.Length; r++)
            {
                mixed[r] += weights[m] * p[r];
            }
        }

        return mixed;
    }
}
