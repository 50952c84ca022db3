using Ensemble.Training.Tensors;

namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>Every dimension from its prior, ignoring the observations; conditional dimensions only where active.</summary>
public sealed class RandomSampler : ISampler
{
    public double[] Propose(IReadOnlyList<Dimension> dimensions, IReadOnlyList<Observation> observations, ref SplitMix64 random) => Draw(dimensions, ref random);

    public static double[] Draw(IReadOnlyList<Dimension> dimensions, ref SplitMix64 random)
    {
        var point = new double[dimensions.Count];
        for (var d = 0; d < dimensions.Count; d++)
        {
            point[d] = dimensions[d].Prior(ref random);
        }

        return Deactivate(dimensions, point);
    }

    /// <summary>Sets to NaN every conditional dimension whose parent does not hold its choice.</summary>
    public static double[] Deactivate(IReadOnlyList<Dimension> dimensions, double[] point)
    {
        for (var d = 0; d < dimensions.Count; d++)
        {
            if (dimensions[d].Parent is { } parent)
            {
                var p = IndexOf(dimensions, parent);
                if (double.IsNaN(point[p]) || (int)point[p] != dimensions[d].ParentChoice)
                {
                    point[d] = double.NaN;
                }
            }
        }

        return point;
    }

    public static int IndexOf(IReadOnlyList<Dimension> dimensions, string name)
    {
        for (var d = 0; d < dimensions.Count; d++)
        {
            if (dimensions[d].Name == name)
            {
                return d;
            }
        }

        throw new ArgumentException($"No dimension is named '{name}'.", nameof(name));
    }
}
