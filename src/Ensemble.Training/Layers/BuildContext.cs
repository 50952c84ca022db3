using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>What a layer needs while it is built: a unique name, seeded initialization and whether anyone needs its input gradient.</summary>
public sealed class BuildContext
{
    private readonly Dictionary<string, int> _names = [];

    private SplitMix64 _random;

    public BuildContext(int seed) => _random = SplitMix64.ForStream(seed, stream: 1);

    /// <summary>False only for the first layer: the network's input needs no gradient.</summary>
    public bool NeedsInputGradient { get; set; }

    public string UniqueName(string prefix)
    {
        _names.TryGetValue(prefix, out var count);
        _names[prefix] = count + 1;
        return $"{prefix}{count + 1}";
    }

    /// <summary>He-normal initialization, the right scale for layers followed by ReLU.</summary>
    public void HeNormal(float[] weights, int fanIn)
    {
        var std = MathF.Sqrt(2f / fanIn);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = _random.NextGaussian() * std;
        }
    }

    /// <summary>Uniform in ±1/√fanIn, as for biases and the classifier head.</summary>
    public void FanInUniform(float[] values, int fanIn)
    {
        var bound = 1f / MathF.Sqrt(fanIn);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (_random.NextSingle() * 2f - 1f) * bound;
        }
    }

    /// <summary>A seed for a layer's own random stream (dropout masks).</summary>
    public int NextSeed() => (int)_random.NextUInt64();

    internal static TensorShape Check(TensorShape shape) => shape.Size > 0 ? shape : throw new ArgumentException($"Empty shape {shape}.");
}
