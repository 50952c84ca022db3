using Ensemble.Training.Layers;

namespace Ensemble.Training.Optimizers;

/// <summary>Adam with bias correction; with <c>decoupled</c> the decay shrinks weights directly (AdamW) instead of entering the gradient.</summary>
public sealed class Adam(IReadOnlyList<Parameter> parameters, float weightDecay, bool decoupled, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    : Optimizer(parameters, weightDecay, stateSlots: 2)
{
    public bool Decoupled { get; } = decoupled;

    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float decay, float learningRate, int stateIndex)
    {
        var m = Slot(stateIndex, 0);
        var v = Slot(stateIndex, 1);
        var correction1 = 1 - Math.Pow(beta1, Steps);
        var correction2 = 1 - Math.Pow(beta2, Steps);
        var stepSize = (float)(learningRate / correction1);
        var inverseSqrtCorrection2 = (float)(1 / Math.Sqrt(correction2));
        var shrink = Decoupled ? 1 - learningRate * decay : 1f;
        var l2 = Decoupled ? 0f : decay;
        for (var i = 0; i < value.Length; i++)
        {
            var g = gradient[i] + l2 * value[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            value[i] = value[i] * shrink - stepSize * m[i] / (MathF.Sqrt(v[i]) * inverseSqrtCorrection2 + epsilon);
        }
    }
}
