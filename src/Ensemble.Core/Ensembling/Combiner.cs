namespace Ensemble.Core.Ensembling;

/// <summary>The ensemble itself: a weighted average of the members' class probabilities.</summary>
public static class Combiner
{
    /// <summary>
    /// destination = Σ_m weights[m] · members[m], where members holds one block of destination.Length values per
    /// member. Weights must be non-negative and sum to 1 (see <see cref="Normalize"/>). Allocates nothing.
    /// </summary>
    public static void WeightedAverage(ReadOnlySpan<float> members, ReadOnlySpan<float> weights, Span<float> destination)
    {
        var length = destination.Length;
        if (members.Length != weights.Length * length)
        {
            throw new ArgumentException($"{members.Length} member values do not make {weights.Length} blocks of {length}.", nameof(members));
        }

        if (weights.Length == 0)
        {
            throw new ArgumentException("An ensemble needs at least one member.", nameof(weights));
        }

        TensorPrimitives.Multiply(members[..length], weights[0], destination);
        for (var m = 1; m < weights.Length; m++)
        {
            TensorPrimitives.MultiplyAdd(members.Slice(m * length, length), weights[m], destination, destination);
        }
    }

    /// <summary>Scales non-negative weights to sum to 1; rejects negative, non-finite or all-zero weights.</summary>
    public static float[] Normalize(IReadOnlyList<double> weights)
    {
        if (weights.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one member.");
        }

        double sum = 0;
        foreach (var w in weights)
        {
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentException($"Weights must be finite and non-negative; got {w}.");
            }

            sum += w;
        }

        if (sum <= 0)
        {
            throw new ArgumentException("At least one weight must be positive.");
        }

        return [.. weights.Select(w => (float)(w / sum))];
    }
}
