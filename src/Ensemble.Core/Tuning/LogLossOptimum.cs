namespace Ensemble.Core.Tuning;

/// <summary>
/// The exact minimum of the mixture's negative log-likelihood on the simplex. The NLL is convex in the weights and
/// the EM fixed point w_m ← w_m · mean_r(p_m(y_r) / Σ_k w_k p_k(y_r)) decreases it monotonically from the uniform
/// start. Plain EM crawls where members are alike or a weight decays towards 0 (thousands of steps for a dozen
/// similar members), so each iteration is a SQUAREM cycle (Varadhan &amp; Roland 2008): two EM steps, an extrapolation
/// along them, and one EM step from there, kept only when it does not raise the loss. Iteration stops once no weight
/// moves by more than <c>tolerance</c>. Each iteration is a trial.
/// </summary>
public sealed class LogLossOptimum(double tolerance = 1e-7, int maxIterations = 10_000) : ITuningStrategy
{
    public string Name => "logloss-optimum";

    public double Tolerance { get; } = tolerance;

    /// <summary>Iterations the last run needed; equals the maximum when it did not converge.</summary>
    public int Iterations { get; private set; }

    public IEnumerable<Trial> Run(MixtureScorer fit, CancellationToken cancellation = default)
    {
        var em = new EmStep(fit.Table);
        var members = fit.Table.Members.Count;
        var weights = new double[members];
        Array.Fill(weights, 1.0 / members);
        var once = new double[members];
        var twice = new double[members];
        var jump = new double[members];
        var landed = new double[members];
        yield return Trial(1, weights, fit);
        for (Iterations = 1; Iterations <= maxIterations && !cancellation.IsCancellationRequested; Iterations++)
        {
            var loss = em.Apply(weights, once);
            em.Apply(once, twice);
            double[] next = twice;
            if (Extrapolate(weights, once, twice, jump) && em.Apply(jump, landed) <= loss)
            {
                next = landed;
            }

            var moved = 0.0;
            for (var m = 0; m < members; m++)
            {
                moved = Math.Max(moved, Math.Abs(next[m] - weights[m]));
            }

            next.CopyTo(weights, 0);
            yield return Trial(Iterations + 1, weights, fit);
            if (moved < Tolerance)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// SQUAREM's step from w0 along r = w1 − w0 and v = w2 − 2w1 + w0: w0 − 2αr + α²v with α = −|r|/|v|. α = −1 lands
    /// on w2 itself, so α is halved towards −1 until every weight stays positive (EM cannot revive a weight of 0).
    /// False when the two steps did not move.
    /// </summary>
    private static bool Extrapolate(double[] w0, double[] w1, double[] w2, double[] jump)
    {
        double rr = 0, vv = 0;
        for (var m = 0; m < w0.Length; m++)
        {
            var r = w1[m] - w0[m];
            var v = w2[m] - 2 * w1[m] + w0[m];
            rr += r * r;
            vv += v * v;
        }

        if (rr == 0 || vv == 0)
        {
            return false;
        }

        var alpha = Math.Min(-Math.Sqrt(rr / vv), -1);
        for (var halvings = 0; halvings < 30; halvings++, alpha = (alpha - 1) / 2)
        {
            double sum = 0;
            var positive = true;
            for (var m = 0; m < w0.Length && positive; m++)
            {
                var r = w1[m] - w0[m];
                var v = w2[m] - 2 * w1[m] + w0[m];
                jump[m] = w0[m] - 2 * alpha * r + alpha * alpha * v;
                positive = jump[m] > 0;
                sum += jump[m];
            }

            if (positive)
            {
                for (var m = 0; m < jump.Length; m++)
                {
                    jump[m] /= sum;
                }

                return true;
            }
        }

        return false;
    }

    private static Trial Trial(int number, double[] weights, MixtureScorer fit)
    {
        var w = weights.Select(x => (float)x).ToArray();
        return new Trial(number, w, fit.Evaluate(w));
    }

    /// <summary>One EM step on the fit rows, which also gives the loss of the weights it starts from.</summary>
    private sealed class EmStep(ProbabilityTable table)
    {
        private readonly double[] _mixed = new double[table.Rows];

        /// <summary>Writes the step from <paramref name="weights"/> into <paramref name="next"/>; returns the NLL at <paramref name="weights"/>.</summary>
        public double Apply(double[] weights, double[] next)
        {
            Array.Clear(_mixed);
            for (var m = 0; m < weights.Length; m++)
            {
                var p = table.LabelProbability(m);
                for (var r = 0; r < _mixed.Length; r++)
                {
                    _mixed[r] += weights[m] * p[r];
                }
            }

            for (var m = 0; m < weights.Length; m++)
            {
                var p = table.LabelProbability(m);
                double responsibility = 0;
                for (var r = 0; r < _mixed.Length; r++)
                {
                    responsibility += _mixed[r] > 0 ? p[r] / _mixed[r] : 0;
                }

                next[m] = weights[m] * responsibility / _mixed.Length;
            }

            var sum = next.Sum();
            for (var m = 0; m < next.Length; m++)
            {
                next[m] /= sum;
            }

            double loss = 0;
            for (var r = 0; r < _mixed.Length; r++)
            {
                loss -= Math.Log(Math.Max(_mixed[r], 1e-300));
            }

            return loss / _mixed.Length;
        }
    }
}
