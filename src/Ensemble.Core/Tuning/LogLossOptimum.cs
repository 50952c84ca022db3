using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>
/// The exact minimum of the mixture's negative log-likelihood on the simplex. The NLL is convex in the weights and
/// the EM fixed point w_m ← w_m · g_m, with g_m = mean_r(p_m(y_r) / Σ_k w_k p_k(y_r)), decreases it monotonically
/// from the uniform start. Plain EM crawls where members are alike or a weight decays towards 0 (thousands of steps
/// for a dozen similar members), so each iteration is a SQUAREM cycle (Varadhan &amp; Roland 2008): two EM steps, an
/// extrapolation along them projected back onto the simplex, and one EM step from there, the extrapolation shortened
/// until it does not raise the loss. Iteration stops once the loss is provably within <c>tolerance</c> nats of the
/// optimum: by Cover's bound for log-optimal mixtures, NLL(w) − NLL* ≤ log max_m g_m. Each iteration is a trial.
/// Under a cost limit it solves the same problem on every maximal set of members that fits (the optimum under the
/// limit lies on one of them) and each set's optimum is a trial.
/// </summary>
public sealed class LogLossOptimum(double tolerance = LogLossOptimum.DefaultTolerance, int maxIterations = 10_000, CostBound? bound = null) : ITuningStrategy
{
    /// <summary>Nats: far below anything that moves a prediction, and reached in tens of iterations on real members.</summary>
    public const double DefaultTolerance = 1e-7;

    public string Name => "logloss-optimum";

    public double Tolerance { get; } = tolerance;

    /// <summary>
    /// Cover's bound where the last run stopped: at most <see cref="Tolerance"/> once converged, more when the
    /// iteration cap (a study's budget) cut it short. The bound at any earlier step holds for the last, since the
    /// loss only falls.
    /// </summary>
    public double? OptimalityGap { get; private set; }

    /// <summary>Iterations the last run needed; equals the maximum when it did not converge.</summary>
    public int Iterations { get; private set; }

    /// <summary>EM steps (passes over the fit rows) the last run took, extrapolations and backtracking included.</summary>
    public int Steps => _em?.Steps ?? 0;

    private EmStep? _em;

    public IEnumerable<Trial> Run(MixtureScorer fit, CancellationToken cancellation = default) =>
        bound is null ? Unbounded(fit, cancellation) : Bounded(fit, bound, cancellation);

    // The gap reported is the worst over the sets solved: each set's optimum is within it of the true one on that set.
    private IEnumerable<Trial> Bounded(MixtureScorer fit, CostBound limit, CancellationToken cancellation)
    {
        (OptimalityGap, Iterations) = (null, 0);
        var members = fit.Table.Members.Count;
        var number = 1;
        double worst = 0;
        foreach (var subset in limit.MaximalSubsets())
        {
            if (cancellation.IsCancellationRequested)
            {
                yield break;
            }

            var solver = new LogLossOptimum(Tolerance, maxIterations);
            var last = solver.BestTrial(new MixtureScorer(fit.Table.SelectMembers(subset)), Objective.LogLoss, cancellation);
            worst = Math.Max(worst, solver.OptimalityGap ?? 0);
            Iterations = Math.Max(Iterations, solver.Iterations);
            var weights = new float[members];
            for (var i = 0; i < subset.Length; i++)
            {
                weights[subset[i]] = last.Weights[i];
            }

            OptimalityGap = worst;
            yield return new Trial(number++, weights, fit.Evaluate(weights));
        }
    }

    private IEnumerable<Trial> Unbounded(MixtureScorer fit, CancellationToken cancellation)
    {
        OptimalityGap = null;
        var em = _em = new EmStep(fit.Table);
        var members = fit.Table.Members.Count;
        var weights = new double[members];
        Array.Fill(weights, 1.0 / members);
        var once = new double[members];
        var twice = new double[members];
        var r = new double[members];
        var v = new double[members];
        var jump = new double[members];
        var landed = new double[members];
        yield return Trial(1, weights, fit);
        for (Iterations = 1; Iterations <= maxIterations && !cancellation.IsCancellationRequested; Iterations++)
        {
            var loss = em.Apply(weights, once);
            var steepest = em.Steepest;
            OptimalityGap = Math.Max(Math.Log(em.Gradient[steepest]), 0);
            if (OptimalityGap < Tolerance)
            {
                yield break;
            }

            if (weights[steepest] == 0)
            {
                // The projection set this member to 0, which EM never moves again, and the optimum wants it back.
                if (!Revive(weights, steepest, loss, em))
                {
                    yield break;
                }
            }
            else
            {
                em.Apply(once, twice);
                var next = twice;
                var alpha = StepLength(weights, once, twice, r, v);
                for (var tries = 0; tries < 12 && !double.IsNaN(alpha); tries++, alpha = (alpha - 1) / 2)
                {
                    // Far steps overshoot where the loss is flat along one direction and steep along another, so back
                    // off towards α = −1 (which lands on the second EM step) until the loss does not rise.
                    if (Extrapolate(weights, r, v, alpha, jump) && em.Apply(jump, landed) <= loss)
                    {
                        next = landed;
                        break;
                    }
                }

                next.CopyTo(weights, 0);
            }

            yield return Trial(Iterations + 1, weights, fit);
        }
    }

    /// <summary>
    /// Moves onto <paramref name="member"/> the largest share, from 1/members down by halves, that lowers the loss, so
    /// the trials' losses still only fall. False when even the smallest share does not.
    /// </summary>
    private static bool Revive(double[] weights, int member, double loss, EmStep em)
    {
        var candidate = new double[weights.Length];
        var scratch = new double[weights.Length];
        for (var share = 1.0 / weights.Length; share > 1e-12; share /= 2)
        {
            for (var m = 0; m < weights.Length; m++)
            {
                candidate[m] = (1 - share) * weights[m] + (m == member ? share : 0);
            }

            if (em.Apply(candidate, scratch) < loss)
            {
                candidate.CopyTo(weights, 0);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// SQUAREM's directions r = w1 − w0 and v = w2 − 2w1 + w0, and its step length α = min(−|r|/|v|, −1); NaN when the
    /// two steps did not move.
    /// </summary>
    private static double StepLength(double[] w0, double[] w1, double[] w2, double[] r, double[] v)
    {
        double rr = 0, vv = 0;
        for (var m = 0; m < w0.Length; m++)
        {
            r[m] = w1[m] - w0[m];
            v[m] = w2[m] - 2 * w1[m] + w0[m];
            rr += r[m] * r[m];
            vv += v[m] * v[m];
        }

        return rr == 0 || vv == 0 ? double.NaN : Math.Min(-Math.Sqrt(rr / vv), -1);
    }

    /// <summary>
    /// SQUAREM's point w0 − 2αr + α²v (α = −1 is w2 itself), negative weights set to 0 and the rest renormalized.
    /// False when nothing is left.
    /// </summary>
    private static bool Extrapolate(double[] w0, double[] r, double[] v, double alpha, double[] jump)
    {
        double sum = 0;
        for (var m = 0; m < w0.Length; m++)
        {
            jump[m] = Math.Max(w0[m] - 2 * alpha * r[m] + alpha * alpha * v[m], 0);
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

    /// <summary>One EM step on the fit rows, which also gives the loss and the gradient at the weights it starts from.</summary>
    private sealed class EmStep(ProbabilityTable table)
    {
        private readonly double[] _mixed = new double[table.Rows];

        /// <summary>g_m = mean_r p_m(y_r) / mix(y_r) at the weights of the last <see cref="Apply"/>: the NLL's gradient, negated.</summary>
        public double[] Gradient { get; } = new double[table.Members.Count];

        public int Steps { get; private set; }

        /// <summary>The member with the largest <see cref="Gradient"/>.</summary>
        public int Steepest { get; private set; }

        /// <summary>Writes the step from <paramref name="weights"/> into <paramref name="next"/>; returns the NLL at <paramref name="weights"/>.</summary>
        public double Apply(double[] weights, double[] next)
        {
            Steps++;
            Array.Clear(_mixed);
            for (var m = 0; m < weights.Length; m++)
            {
                var p = table.LabelProbability(m);
                for (var r = 0; r < _mixed.Length; r++)
                {
                    _mixed[r] += weights[m] * p[r];
                }
            }

            Steepest = 0;
            for (var m = 0; m < weights.Length; m++)
            {
                var p = table.LabelProbability(m);
                double responsibility = 0;
                for (var r = 0; r < _mixed.Length; r++)
                {
                    responsibility += _mixed[r] > 0 ? p[r] / _mixed[r] : 0;
                }

                Gradient[m] = responsibility / _mixed.Length;
                next[m] = weights[m] * Gradient[m];
                Steepest = Gradient[m] > Gradient[Steepest] ? m : Steepest;
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
