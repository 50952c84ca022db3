using Ensemble.Training.Layers;

namespace Ensemble.Training.Optimizers;

/// <summary>SGD with momentum in PyTorch's form: v ← μv + g, w ← w − lr·v.</summary>
public sealed class Sgd(IReadOnlyList<Parameter> parameters, float weightDecay, float momentum = 0.9f)
    : Optimizer(parameters, weightDecay, stateSlots: 1)
{
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float decay, float learningRate, int stateIndex)
    {
        var velocity = Slot(stateIndex, 0);
        for (var i = 0; i < value.Length; i++)
        {
            velocity[i] = momentum * velocity[i] + gradient[i] + decay * value[i];
            value[i] -= learningRate * velocity[i];
        }
    }
}
