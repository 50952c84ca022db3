namespace Ensemble.Core.Tuning;

/// <summary>
/// The exact minimum of the mixture's negative log-likelihood on the simplex. The NLL is convex in the weights and
/// the EM fixed point w_m ← w_m · mean_r(p_m(y_r) / Σ_k w_k p_k(y_r)) decreases it monotonically from the uniform
/// start; iteration stops once no weight moves by more than <c>tolerance</c>. Each iteration is a trial.
/// </summary>
public sealed class LogLossOptimum(double tolerance = 1e-7, int maxIterations = 10_000) : ITuningStrategy
{
    public string Name => "logloss-optimum";

    public double Tolerance { get; } = tolerance;

    /// <summary>Iterations the last run needed; equals the maximum when it did not converge.</summary>
    public int Iterations { get; private set; }

    public IEnumerable<Trial> Run(MixtureScorer fit, CancellationToken cancellation = default)
    {
        var table = fit.Table;
        var members = table.Members.Count;
        var weights = new double[members];
        Array.Fill(weights, 1.0 / members);
        var mixed = new double[table.Rows];
        var next = new double[members];
        yield return Trial(1, weights, fit);
        for (Iterations = 1; Iterations <= maxIterations && !cancellation.IsCancellationRequested; Iterations++)
        {
            Array.Clear(mixed);
            for (var m = 0; m < members; m++)
            {
                var p = table.LabelProbability(m);
                for (var r = 0; r < mixed.Length; r++)
                {
                    mixed[r] += weights[m] * p[r];
                }
            }

            var moved = 0.0;
            for (var m = 0; m < members; m++)
            {
                var p = table.LabelProbability(m);
                double responsibility = 0;
                for (var r = 0; r < mixed.Length; r++)
                {
                    responsibility += mixed[r] > 0 ? p[r] / mixed[r] : 0;
                }

                next[m] = weights[m] * responsibility / mixed.Length;
            }

            var sum = next.Sum();
            for (var m = 0; m < members; m++)
            {
                var w = next[m] / sum;
                moved = Math.Max(moved, Math.Abs(w - weights[m]));
                weights[m] = w;
            }

            yield return Trial(Iterations + 1, weights, fit);
            if (moved < Tolerance)
            {
                yield break;
            }
        }
    }

    private static Trial Trial(int number, double[] weights, MixtureScorer fit)
    {
        var w = weights.Select(x => (float)x).ToArray();
        return new Trial(number, w, fit.Evaluate(w));
    }
}
