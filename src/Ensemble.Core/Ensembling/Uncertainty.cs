namespace Ensemble.Core.Ensembling;

/// <summary>Measures <see cref="PredictionUncertainty"/> per row from the members' and the ensemble's distributions.</summary>
public static class Uncertainty
{
    /// <param name="stacked">Member m's rows × classes probabilities in block m.</param>
    /// <param name="weights">Each member's weight in the mixture; members of weight 0 neither mix nor vote.</param>
    /// <param name="served">The ensemble's rows × classes probabilities, as served (after any temperature).</param>
    public static PredictionUncertainty[] Measure(ReadOnlySpan<float> stacked, ReadOnlySpan<float> weights, ReadOnlySpan<float> served, int rows, int classes)
    {
        var members = weights.Length;
        if (stacked.Length != members * rows * classes || served.Length != rows * classes)
        {
            throw new ArgumentException($"Expected {members} blocks of {rows} × {classes} probabilities and one served block.", nameof(stacked));
        }

        var total = TensorPrimitives.Sum(weights);
        var voters = 0;
        foreach (var weight in weights)
        {
            voters += weight > 0f ? 1 : 0;
        }

        if (!(total > 0f) || voters == 0)
        {
            throw new ArgumentException("At least one member needs a positive weight.", nameof(weights));
        }

        var block = rows * classes;
        var mixture = new double[classes];
        var result = new PredictionUncertainty[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = served.Slice(r * classes, classes);
            var top = TensorPrimitives.IndexOfMax(row);
            Array.Clear(mixture);
            double meanEntropy = 0;
            var agreeing = 0;
            for (var m = 0; m < members; m++)
            {
                if (!(weights[m] > 0f))
                {
                    continue;
                }

                var share = weights[m] / total;
                var member = stacked.Slice(m * block + r * classes, classes);
                for (var k = 0; k < classes; k++)
                {
                    mixture[k] += share * member[k];
                }

                meanEntropy += share * Entropy(member);
                agreeing += TensorPrimitives.IndexOfMax(member) == top ? 1 : 0;
            }

            // Concavity makes this non-negative; rounding can leave a hair below zero.
            var mutualInformation = Math.Max(0, Entropy(mixture) - meanEntropy);
            result[r] = new PredictionUncertainty(Entropy(row), mutualInformation, (double)agreeing / voters);
        }

        return result;
    }

    /// <summary>−Σ p log p in nats, with 0 log 0 = 0.</summary>
    public static double Entropy(ReadOnlySpan<float> distribution)
    {
        double entropy = 0;
        foreach (var p in distribution)
        {
            entropy -= p > 0f ? p * Math.Log(p) : 0;
        }

        return entropy;
    }

    private static double Entropy(ReadOnlySpan<double> distribution)
    {
        double entropy = 0;
        foreach (var p in distribution)
        {
            entropy -= p > 0 ? p * Math.Log(p) : 0;
        }

        return entropy;
    }
}
