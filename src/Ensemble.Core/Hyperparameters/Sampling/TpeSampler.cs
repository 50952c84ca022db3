using Ensemble.Training.Tensors;

namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al. 2011) as Optuna's default sampler runs it: after
/// <paramref name="startupTrials"/> random trials, the observations are split into the best γ(n) = min(⌈n/10⌉, 25)
/// and the rest; for each dimension on its own, a density l(x) of the good values and g(x) of the others are built
/// (Parzen windows for numbers, smoothed counts for choices), <paramref name="candidates"/> values are drawn from l,
/// and the one with the largest l(x)/g(x) is proposed. A conditional dimension learns only from the observations in
/// which it was active.
/// </summary>
public sealed class TpeSampler(int startupTrials = 10, int candidates = 24) : ISampler
{
    // The prior's weight among the observations, for numbers and choices alike.
    private const double PriorWeight = 1.0;

    public int StartupTrials { get; } = startupTrials;

    public double[] Propose(IReadOnlyList<Dimension> dimensions, IReadOnlyList<Observation> observations, ref SplitMix64 random)
    {
        if (observations.Count < Math.Max(StartupTrials, 2))
        {
            return RandomSampler.Draw(dimensions, ref random);
        }

        // Best first; ties keep their order, so proposals stay a pure function of the history.
        var ranked = observations.Select((o, i) => (o, i)).OrderByDescending(p => p.o.Score).ThenBy(p => p.i).Select(p => p.o).ToList();
        var good = Math.Min((int)Math.Ceiling(ranked.Count / 10.0), 25);
        var point = new double[dimensions.Count];
        for (var d = 0; d < dimensions.Count; d++)
        {
            var dimension = dimensions[d];
            var below = ranked.Take(good).Select(o => o.Point[d]).Where(v => !double.IsNaN(v)).ToList();
            var above = ranked.Skip(good).Select(o => o.Point[d]).Where(v => !double.IsNaN(v)).ToList();
            point[d] = dimension.IsFixed || below.Count == 0 ? dimension.Prior(ref random)
                : dimension.Kind == DimensionKind.Categorical ? Choose(dimension.Choices.Count, below, above, ref random)
                : Number(dimension, below, above, ref random);
        }

        return RandomSampler.Deactivate(dimensions, point);
    }

    private double Number(Dimension dimension, List<double> below, List<double> above, ref SplitMix64 random)
    {
        var l = new ParzenEstimator(below, dimension.Min, dimension.Max);
        var g = new ParzenEstimator(above, dimension.Min, dimension.Max);
        var (best, bestScore) = (double.NaN, double.NegativeInfinity);
        for (var c = 0; c < candidates; c++)
        {
            var x = l.Sample(ref random);
            var score = l.LogDensity(x) - g.LogDensity(x);
            if (score > bestScore)
            {
                (best, bestScore) = (x, score);
            }
        }

        return best;
    }

    private int Choose(int choices, List<double> below, List<double> above, ref SplitMix64 random)
    {
        double[] Weights(List<double> values)
        {
            var weights = Enumerable.Repeat(PriorWeight / choices, choices).ToArray();
            foreach (var v in values)
            {
                weights[(int)v] += 1;
            }

            var sum = weights.Sum();
            return [.. weights.Select(w => w / sum)];
        }

        var (l, g) = (Weights(below), Weights(above));
        var (best, bestScore) = (0, double.NegativeInfinity);
        for (var c = 0; c < candidates; c++)
        {
            var u = random.NextDouble();
            var x = 0;
            for (var cumulative = l[0]; x < choices - 1 && u >= cumulative; cumulative += l[++x])
            {
            }

            var score = Math.Log(l[x]) - Math.Log(g[x]);
            if (score > bestScore)
            {
                (best, bestScore) = (x, score);
            }
        }

        return best;
    }
}
