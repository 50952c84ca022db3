using Ensemble.Core.Scoring;

namespace Ensemble.Core.Cascades;

/// <summary>
/// Fits a cascade over an ensemble's weights: one member per stage, cheapest first (members of weight 0 left out),
/// and the thresholds that make the mean cost least while the accuracy on the rows it is fitted on stays within
/// <c>tolerance</c> of the full ensemble's there. Thresholds are tried among the confidences the rows reach: first
/// one shared by every stage, then each stage's own in turn, while that lowers the cost.
/// </summary>
public static class CascadeFitter
{
    private const int Quantiles = 64;
    private const int Passes = 2;

    public static Cascade Fit(ProbabilityTable fit, float[] weights, IReadOnlyList<double> memberCosts, ConfidenceRule rule, double tolerance)
    {
        var stages = Enumerable.Range(0, weights.Length).Where(m => weights[m] > 0).OrderBy(m => memberCosts[m]).ThenBy(m => m).Select(m => new[] { m }).ToList();
        if (stages.Count < 2)
        {
            return new Cascade(stages, weights, rule, []);
        }

        var table = new CascadeStages(fit, stages, weights, rule);
        var stageCosts = stages.Select(s => s.Sum(m => memberCosts[m])).ToArray();
        // Never stopping early is the full ensemble: the bar every threshold must keep to.
        var never = Enumerable.Repeat(double.PositiveInfinity, stages.Count - 1).ToArray();
        var target = table.Score(never, stageCosts).Score.Accuracy - tolerance;
        var candidates = Candidates(table);
        var best = Enumerable.Repeat(1.0, stages.Count - 1).ToArray();
        var bestCost = Feasible(table, best, stageCosts, target) ?? double.PositiveInfinity;
        foreach (var shared in candidates)
        {
            var tried = Enumerable.Repeat(shared, stages.Count - 1).ToArray();
            if (Feasible(table, tried, stageCosts, target) is { } cost && cost < bestCost)
            {
                (best, bestCost) = (tried, cost);
            }
        }

        for (var pass = 0; pass < Passes; pass++)
        {
            for (var s = 0; s < best.Length; s++)
            {
                foreach (var threshold in candidates)
                {
                    var tried = (double[])best.Clone();
                    tried[s] = threshold;
                    if (Feasible(table, tried, stageCosts, target) is { } cost && cost < bestCost)
                    {
                        (best, bestCost) = (tried, cost);
                    }
                }
            }
        }

        return new Cascade(stages, weights, rule, best);
    }

    /// <summary>The stage cost of a cascade's stages: the sum over each stage's members.</summary>
    public static double[] StageCosts(Cascade cascade, IReadOnlyList<double> memberCosts) => [.. cascade.Stages.Select(s => s.Sum(m => memberCosts[m]))];

    // The mean cost when the thresholds keep the accuracy at the target or above; null when they do not.
    private static double? Feasible(CascadeStages table, double[] thresholds, double[] stageCosts, double target)
    {
        var score = table.Score(thresholds, stageCosts);
        return score.Score.Accuracy >= target - 1e-12 ? score.MeanCost : null;
    }

    // Quantiles of every stage's confidences, and 0 and 1: where a threshold can change which rows stop.
    private static double[] Candidates(CascadeStages table)
    {
        var values = new SortedSet<double> { 0, 1 };
        for (var s = 0; s < table.Count - 1; s++)
        {
            var sorted = table.Confidence[s].Order().ToArray();
            for (var q = 1; q < Quantiles; q++)
            {
                values.Add(Math.Clamp(sorted[(int)((long)q * (sorted.Length - 1) / Quantiles)], 0, 1));
            }
        }

        return [.. values];
    }
}
