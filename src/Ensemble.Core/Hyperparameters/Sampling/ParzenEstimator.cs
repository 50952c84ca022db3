using Ensemble.Training.Tensors;

namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>
/// A Parzen window density over one numeric dimension, in the sampler's scale: an equal-weight mixture of normals
/// truncated to the bounds, one at each observed value and one wide prior at the middle. Each kernel's width is the
/// larger gap to its neighbours, clipped to [range / min(100, 1 + n), range], as in Bergstra et al. and Optuna.
/// </summary>
public sealed class ParzenEstimator
{
    private readonly double[] _mu;
    private readonly double[] _sigma;
    private readonly double _low;
    private readonly double _high;

    public ParzenEstimator(IReadOnlyList<double> values, double low, double high)
    {
        (_low, _high) = (low, high);
        var range = high - low;
        var centres = values.Append((low + high) / 2).ToArray();
        var order = Enumerable.Range(0, centres.Length).OrderBy(i => centres[i]).ToArray();
        _mu = new double[centres.Length];
        _sigma = new double[centres.Length];
        var minimum = range / Math.Min(100, 1 + values.Count);
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            _mu[i] = centres[i];
            var left = k > 0 ? centres[i] - centres[order[k - 1]] : centres[i] - low;
            var right = k < order.Length - 1 ? centres[order[k + 1]] - centres[i] : high - centres[i];
            _sigma[i] = Math.Clamp(Math.Max(left, right), minimum, range);
        }

        // The prior is the last centre: as wide as the range.
        _sigma[^1] = range;
    }

    public double Sample(ref SplitMix64 random)
    {
        var k = random.NextInt(_mu.Length);
        var (a, b) = (Normal.Cdf((_low - _mu[k]) / _sigma[k]), Normal.Cdf((_high - _mu[k]) / _sigma[k]));
        var u = a + random.NextDouble() * (b - a);
        return Math.Clamp(_mu[k] + _sigma[k] * Normal.InverseCdf(Math.Clamp(u, 1e-12, 1 - 1e-12)), _low, _high);
    }

    /// <summary>The log-density at <paramref name="x"/> of the truncated mixture.</summary>
    public double LogDensity(double x)
    {
        var total = 0.0;
        for (var k = 0; k < _mu.Length; k++)
        {
            var mass = Normal.Cdf((_high - _mu[k]) / _sigma[k]) - Normal.Cdf((_low - _mu[k]) / _sigma[k]);
            total += Normal.Pdf((x - _mu[k]) / _sigma[k]) / (_sigma[k] * Math.Max(mass, 1e-12));
        }

        return Math.Log(Math.Max(total / _mu.Length, 1e-300));
    }
}
