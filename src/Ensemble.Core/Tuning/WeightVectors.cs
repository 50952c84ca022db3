namespace Ensemble.Core.Tuning;

/// <summary>The reference weightings every comparison uses: one member alone, and all members equally.</summary>
public static class WeightVectors
{
    public static float[] OneHot(int members, int member)
    {
        var weights = new float[members];
        weights[member] = 1f;
        return weights;
    }

    public static float[] Uniform(int members) => Enumerable.Repeat(1f / members, members).ToArray();
}
