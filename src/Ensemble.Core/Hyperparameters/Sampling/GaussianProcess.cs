namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>
/// Gaussian-process regression with a Matérn 5/2 kernel on points of the unit cube: scores standardized, unit signal
/// variance, a small noise, and the length scale that maximizes the marginal likelihood on a fixed grid.
/// </summary>
public sealed class GaussianProcess
{
    private static readonly double[] LengthScales = [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.5];

    private readonly double[][] _x;
    private readonly double[] _alpha;
    private readonly double[,] _cholesky;
    private readonly double _mean;
    private readonly double _scale;

    public GaussianProcess(IReadOnlyList<double[]> x, IReadOnlyList<double> y, double noise = 1e-3)
    {
        _x = [.. x];
        _mean = y.Average();
        var variance = y.Sum(v => (v - _mean) * (v - _mean)) / Math.Max(1, y.Count - 1);
        _scale = variance > 1e-24 ? Math.Sqrt(variance) : 1;
        var standardized = y.Select(v => (v - _mean) / _scale).ToArray();
        Noise = noise;
        var bestLikelihood = double.NegativeInfinity;
        foreach (var lengthScale in LengthScales)
        {
            if (Fit(lengthScale, standardized) is { } fit && fit.LogLikelihood > bestLikelihood)
            {
                (bestLikelihood, LengthScale, _cholesky, _alpha) = (fit.LogLikelihood, lengthScale, fit.Cholesky, fit.Alpha);
            }
        }

        if (_cholesky is null || _alpha is null)
        {
            throw new InvalidOperationException("No length scale gave a positive-definite kernel matrix.");
        }
    }

    public double LengthScale { get; }

    public double Noise { get; }

    /// <summary>The posterior mean and standard deviation at <paramref name="point"/>, in the scores' own units.</summary>
    public (double Mean, double StandardDeviation) Predict(double[] point)
    {
        var n = _x.Length;
        var k = new double[n];
        for (var i = 0; i < n; i++)
        {
            k[i] = Kernel(point, _x[i], LengthScale);
        }

        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += k[i] * _alpha[i];
        }

        var v = Solve(_cholesky, k, lower: true);
        var variance = 1 + Noise - v.Sum(e => e * e);
        return (_mean + _scale * mean, _scale * Math.Sqrt(Math.Max(variance, 1e-12)));
    }

    /// <summary>Expected improvement over <paramref name="best"/> by at least <paramref name="xi"/>, for maximization.</summary>
    public double ExpectedImprovement(double[] point, double best, double xi = 0.01)
    {
        var (mean, sd) = Predict(point);
        var margin = xi * _scale;
        var z = (mean - best - margin) / sd;
        return (mean - best - margin) * Normal.Cdf(z) + sd * Normal.Pdf(z);
    }

    public static double Kernel(double[] a, double[] b, double lengthScale)
    {
        var squared = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            squared += d * d;
        }

        var r = Math.Sqrt(5 * squared) / lengthScale;
        return (1 + r + r * r / 3) * Math.Exp(-r);
    }

    private (double[,] Cholesky, double[] Alpha, double LogLikelihood)? Fit(double lengthScale, double[] y)
    {
        var n = _x.Length;
        var k = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                k[i, j] = k[j, i] = Kernel(_x[i], _x[j], lengthScale) + (i == j ? Noise : 0);
            }
        }

        if (Decompose(k) is not { } l)
        {
            return null;
        }

        var alpha = Solve(l, Solve(l, y, lower: true), lower: false);
        var logLikelihood = -0.5 * y.Select((v, i) => v * alpha[i]).Sum() - Enumerable.Range(0, n).Sum(i => Math.Log(l[i, i])) - n / 2.0 * Math.Log(2 * Math.PI);
        return (l, alpha, logLikelihood);
    }

    // The lower Cholesky factor, or null when the matrix is not positive definite in floating point.
    private static double[,]? Decompose(double[,] a)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                if (i == j)
                {
                    if (sum <= 0)
                    {
                        return null;
                    }

                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        return l;
    }

    // Solves L·x = b (lower) or Lᵀ·x = b (upper) by substitution.
    private static double[] Solve(double[,] l, IReadOnlyList<double> b, bool lower)
    {
        var n = b.Count;
        var x = new double[n];
        if (lower)
        {
            for (var i = 0; i < n; i++)
            {
                var sum = b[i];
                for (var k = 0; k < i; k++)
                {
                    sum -= l[i, k] * x[k];
                }

                x[i] = sum / l[i, i];
            }
        }
        else
        {
            for (var i = n - 1; i >= 0; i--)
            {
                var sum = b[i];
                for (var k = i + 1; k < n; k++)
                {
                    sum -= l[k, i] * x[k];
                }

                x[i] = sum / l[i, i];
            }
        }

        return x;
    }
}
