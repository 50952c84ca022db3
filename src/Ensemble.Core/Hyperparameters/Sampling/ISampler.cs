using Ensemble.Training.Tensors;

namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>Proposes the next point of a space from what earlier trials scored.</summary>
public interface ISampler
{
    /// <param name="observations">Earlier trials at one budget (more is better), for the model-based samplers to learn from.</param>
    double[] Propose(IReadOnlyList<Dimension> dimensions, IReadOnlyList<Observation> observations, ref SplitMix64 random);
}
