using Ensemble.Training.Layers;

namespace Ensemble.Training.Optimizers;

/// <summary>Updates parameters from their gradients; holds per-parameter state that checkpoints save and restore.</summary>
public abstract class Optimizer
{
    protected Optimizer(IReadOnlyList<Parameter> parameters, float weightDecay, int stateSlots)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        Parameters = parameters;
        WeightDecay = weightDecay;
        State = [.. parameters.SelectMany(p => Enumerable.Range(0, stateSlots).Select(_ => new float[p.Length]))];
        StateSlots = stateSlots;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    public float WeightDecay { get; }

    /// <summary>Optimizer moments, <see cref="StateSlots"/> arrays per parameter in parameter order.</summary>
    public IReadOnlyList<float[]> State { get; }

    public long Steps { get; set; }

    protected int StateSlots { get; }

    public void Step(float learningRate)
    {
        Steps++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            var decay = p.Decays ? WeightDecay : 0f;
            Update(p.Value, p.Gradient, decay, learningRate, i * StateSlots);
        }
    }

    protected abstract void Update(Span<float> value, ReadOnlySpan<float> gradient, float decay, float learningRate, int stateIndex);

    protected Span<float> Slot(int stateIndex, int slot) => State[stateIndex + slot];

    public static Optimizer Create(OptimizerKind kind, IReadOnlyList<Parameter> parameters, float weightDecay) => kind switch
    {
        OptimizerKind.RmsProp => new RmsProp(parameters, weightDecay),
        OptimizerKind.Adam => new Adam(parameters, weightDecay, decoupled: false),
        OptimizerKind.AdamW => new Adam(parameters, weightDecay, decoupled: true),
        OptimizerKind.Sgd => new Sgd(parameters, weightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };
}
