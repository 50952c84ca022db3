namespace Ensemble.Core.Tuning;

/// <summary>
/// The exact minimum of the mixture's negative log-likelihood on the simplex. The NLL is convex in the weights and
/// the EM fixed point w_m ← w_m · mean_r(p_m(y_r) / Σ_k w_k p_k(y_r)) decreases it monotonically from the uniform
/// start. Plain EM crawls where members are alike or a weight decays towards 0 (thousands of steps for a dozen
/// similar members), so each iteration is a SQUAREM cycle (Varadhan &amp; Roland 2008): two EM steps, an extrapolation
/// along them projected back onto the simplex, and one EM step from there, kept only when it does not raise the loss.
/// The projection may set a weight to 0, which EM never moves again, so at the end any member at 0 whose weight would
/// lower the loss (gradient above 1) is given weight again and the iteration goes on. Iteration stops once no weight
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
            if (moved < Tolerance && !Revive(weights, em))
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Moves weight onto a member at 0 that the optimality conditions want back (mean_r p_m / mix above 1): the
    /// largest share, from 1/members down by halves, that lowers the loss, so the trials' losses still only fall.
    /// Says whether it found one.
    /// </summary>
    private static bool Revive(double[] weights, EmStep em)
    {
        var scratch = new double[weights.Length];
        var loss = em.Apply(weights, scratch);
        var gradient = em.Gradient(weights).ToArray();
        var candidate = new double[weights.Length];
        for (var m = 0; m < weights.Length; m++)
        {
            if (weights[m] != 0 || gradient[m] <= 1 + 1e-9)
            {
                continue;
            }

            for (var share = 1.0 / weights.Length; share > 1e-12; share /= 2)
            {
                for (var k = 0; k < weights.Length; k++)
                {
                    candidate[k] = (1 - share) * weights[k] + (k == m ? share : 0);
                }

                if (em.Apply(candidate, scratch) < loss)
                {
                    candidate.CopyTo(weights, 0);
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// SQUAREM's step from w0 along r = w1 − w0 and v = w2 − 2w1 + w0: w0 − 2αr + α²v with α = min(−|r|/|v|, −1)
    /// (α = −1 lands on w2 itself), negative weights set to 0 and the rest renormalized. False when the two steps did
    /// not move.
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
        double sum = 0;
        for (var m = 0; m < w0.Length; m++)
        {
            var r = w1[m] - w0[m];
            var v = w2[m] - 2 * w1[m] + w0[m];
            jump[m] = Math.Max(w0[m] - 2 * alpha * r + alpha * alpha * v, 0);
            sum += jump[m];
        }

        if (sum <= 0)
        {
            return false;
        }

        for (var m = 0; m < jump.Length; m++)
        {
            jump[m] /= sum;
        }

        return true;
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
        private readonly double[] _gradient = new double[table.Members.Count];

        /// <summary>mean_r p_m(y_r) / mix(y_r) for every member at <paramref name="weights"/>: the NLL's gradient, negated.</summary>
        public double[] Gradient(double[] weights)
        {
            Apply(weights, new double[weights.Length]);
            return _gradient;
        }

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

                _gradient[m] = responsibility / _mixed.Length;
                next[m] = weights[m] * _gradient[m];
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
