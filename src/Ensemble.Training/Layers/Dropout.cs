using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>Inverted dropout: in training, zeroes each value with probability <see cref="Rate"/> and scales the rest by 1/(1−rate); identity at inference.</summary>
public sealed class Dropout : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[] _mask = [];
    private int _seed;

    // The count of training passes, kept as a buffer so a checkpoint restores it and a resumed run draws the same masks.
    private readonly float[] _calls = [0f];
    private bool _training;

    public Dropout(float rate)
    {
        if (rate is < 0f or >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Dropout rate must be in [0, 1).");
        }

        Rate = rate;
    }

    public float Rate { get; }

    protected override string NamePrefix => "dropout";

    public override IEnumerable<(string Name, float[] Values)> Buffers => [($"{Name}.calls", _calls)];

    protected override TensorShape OnBuild(TensorShape input, BuildContext context)
    {
        _seed = context.NextSeed();
        return input;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        _training = training && Rate > 0f;
        if (!_training)
        {
            return input;
        }

        var output = EnsureOutput(ref _output, OutputShape, input.Batch);
        if (_mask.Length < input.Length)
        {
            _mask = new float[input.Length];
        }

        // A fresh, reproducible stream per call: the same seed and step give the same mask.
        var random = SplitMix64.ForStream(_seed, stream: 7, index: (int)_calls[0]++);
        var keep = 1f / (1f - Rate);
        var x = input.Span;
        var y = output.Span;
        for (var i = 0; i < x.Length; i++)
        {
            _mask[i] = random.NextSingle() >= Rate ? keep : 0f;
            y[i] = x[i] * _mask[i];
        }

        return output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        if (!_training)
        {
            return outputGradient;
        }

        var gradient = EnsureOutput(ref _inputGradient, InputShape, outputGradient.Batch);
        TensorPrimitives.Multiply(outputGradient.Span, _mask.AsSpan(0, outputGradient.Length), gradient.Span);
        return gradient;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input) => input;
}
