using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tuning;

/// <summary>
/// Weight vectors drawn uniformly in shape from a symmetric Dirichlet(α) over the simplex: independent Gamma(α, 1)
/// draws (Marsaglia and Tsang's method) normalized to sum 1. α = 1 is uniform on the simplex; smaller α favours
/// sparse mixtures, larger α even ones. Seeded, so a study's trials are reproducible.
/// </summary>
public sealed class DirichletSampler(double alpha, int seed)
{
    private SplitMix64 _random = SplitMix64.ForStream(seed, stream: 11);

    public double Alpha { get; } = alpha > 0 && double.IsFinite(alpha) ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha), "α must be positive.");

    public void Sample(Span<float> weights)
    {
        double sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var g = Gamma(Alpha);
            weights[i] = (float)g;
            sum += g;
        }

        if (sum <= 0)
        {
            // Every draw underflowed (only for tiny α): fall back to a single random member.
            weights.Clear();
            weights[_random.NextInt(weights.Length)] = 1f;
            return;
        }

        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(weights[i] / sum);
        }
    }

    private double Gamma(double shape)
    {
        if (shape < 1)
        {
            // Gamma(a) = Gamma(a + 1) · U^(1/a)
            return Gamma(shape + 1) * Math.Pow(1.0 - _random.NextDouble(), 1.0 / shape);
        }

        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = _random.NextGaussian();
                v = 1.0 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1.0 - _random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
            {
                return d * v;
            }
        }
    }
}
