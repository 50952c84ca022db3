using Ensemble.Training.Tensors;

namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>
/// Bayesian optimization with a Gaussian-process surrogate, as Keras Tuner's BayesianOptimization: after
/// <paramref name="startupTrials"/> random trials, every point is mapped to the unit cube (numbers scaled to their
/// bounds, log-uniform ones in their logarithm; choices one-hot; fixed dimensions left out), a GP is fitted to the
/// scores, and the proposal is the candidate of largest expected improvement over the best score: candidates are
/// drawn from the priors and around the three best points so far.
/// </summary>
public sealed class GpSampler(int startupTrials = 5, int candidates = 256) : ISampler
{
    public int StartupTrials { get; } = startupTrials;

    public double[] Propose(IReadOnlyList<Dimension> dimensions, IReadOnlyList<Observation> observations, ref SplitMix64 random)
    {
        if (observations.Count < Math.Max(StartupTrials, 2))
        {
            return RandomSampler.Draw(dimensions, ref random);
        }

        var process = new GaussianProcess([.. observations.Select(o => Encode(dimensions, o.Point))], [.. observations.Select(o => o.Score)]);
        var best = observations.Max(o => o.Score);
        var pool = new List<double[]>(candidates + 3 * candidates / 4);
        for (var c = 0; c < candidates; c++)
        {
            pool.Add(RandomSampler.Draw(dimensions, ref random));
        }

        foreach (var top in observations.Select((o, i) => (o, i)).OrderByDescending(p => p.o.Score).ThenBy(p => p.i).Take(3))
        {
            for (var c = 0; c < candidates / 4; c++)
            {
                pool.Add(Perturb(dimensions, top.o.Point, ref random));
            }
        }

        var (proposal, value) = (pool[0], double.NegativeInfinity);
        foreach (var candidate in pool)
        {
            var improvement = process.ExpectedImprovement(Encode(dimensions, candidate), best);
            if (improvement > value)
            {
                (proposal, value) = (candidate, improvement);
            }
        }

        return proposal;
    }

    /// <summary>The point in the unit cube: each free number scaled to [0, 1], each free choice one-hot; inactive: zeros.</summary>
    public static double[] Encode(IReadOnlyList<Dimension> dimensions, double[] point)
    {
        var features = new List<double>();
        for (var d = 0; d < dimensions.Count; d++)
        {
            var dimension = dimensions[d];
            if (dimension.IsFixed)
            {
                continue;
            }

            if (dimension.Kind == DimensionKind.Categorical)
            {
                for (var c = 0; c < dimension.Choices.Count; c++)
                {
                    features.Add(!double.IsNaN(point[d]) && (int)point[d] == c ? 1 : 0);
                }
            }
            else
            {
                features.Add(double.IsNaN(point[d]) ? 0 : (point[d] - dimension.Min) / (dimension.Max - dimension.Min));
            }
        }

        return [.. features];
    }

    // A neighbour: numbers moved by a tenth of their range, a choice changed one time in five.
    private static double[] Perturb(IReadOnlyList<Dimension> dimensions, double[] point, ref SplitMix64 random)
    {
        var next = (double[])point.Clone();
        for (var d = 0; d < dimensions.Count; d++)
        {
            var dimension = dimensions[d];
            if (dimension.IsFixed)
            {
                next[d] = dimension.Prior(ref random);
                continue;
            }

            if (double.IsNaN(next[d]))
            {
                next[d] = dimension.Prior(ref random);
            }
            else if (dimension.Kind == DimensionKind.Categorical)
            {
                next[d] = random.NextInt(5) == 0 ? random.NextInt(dimension.Choices.Count) : next[d];
            }
            else
            {
                next[d] = Math.Clamp(next[d] + 0.1 * (dimension.Max - dimension.Min) * random.NextGaussian(), dimension.Min, dimension.Max);
            }
        }

        return RandomSampler.Deactivate(dimensions, next);
    }
}
