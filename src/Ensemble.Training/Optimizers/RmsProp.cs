using Ensemble.Training.Layers;

namespace Ensemble.Training.Optimizers;

/// <summary>Keras' RMSprop: s ← ρs + (1−ρ)g², w ← w − lr·g/√(s + ε).</summary>
public sealed class RmsProp(IReadOnlyList<Parameter> parameters, float weightDecay, float rho = 0.9f, float epsilon = 1e-7f)
    : Optimizer(parameters, weightDecay, stateSlots: 1)
{
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float decay, float learningRate, int stateIndex)
    {
        var square = Slot(stateIndex, 0);
        for (var i = 0; i < value.Length; i++)
        {
            var g = gradient[i] + decay * value[i];
            square[i] = rho * square[i] + (1 - rho) * g * g;
            value[i] -= learningRate * g / MathF.Sqrt(square[i] + epsilon);
        }
    }
}
