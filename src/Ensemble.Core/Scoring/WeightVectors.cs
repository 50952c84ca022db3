namespace Ensemble.Core.Scoring;

/// <summary>The reference weightings every comparison uses, and the clean-up every chosen weighting gets.</summary>
public static class WeightVectors
{
    /// <summary>
    /// A member under this share of the total moves no probability by more than a thousandth, yet serving still
    /// runs it in full: the log-loss optimum leaves members it rejects at weights like 1e-5 rather than at 0.
    /// </summary>
    public const float NegligibleShare = 1e-3f;

    public static float[] OneHot(int members, int member)
    {
        var weights = new float[members];
        weights[member] = 1f;
        return weights;
    }

    public static float[] Uniform(int members) => Enumerable.Repeat(1f / members, members).ToArray();

    /// <summary>
    /// <paramref name="weights"/> as shares of their total, with every share under <see cref="NegligibleShare"/> set
    /// to exactly 0 (so serving skips that member) and the rest renormalized; the largest weight always stays.
    /// Returned as they are when none is negligible.
    /// </summary>
    public static float[] Pruned(float[] weights)
    {
        var floor = NegligibleShare * weights.Sum();
        var largest = weights.Max();
        if (!weights.Any(w => w > 0 && w < floor && w != largest))
        {
            return weights;
        }

        var kept = weights.Select(w => w == largest || w >= floor ? w : 0f).ToArray();
        var sum = kept.Sum();
        return [.. kept.Select(w => w / sum)];
    }
}
