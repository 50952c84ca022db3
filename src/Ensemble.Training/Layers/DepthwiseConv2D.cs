using Ensemble.Training.Kernels;
using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>
/// A k×k convolution of each channel on its own (stride 1), computed directly rather than through GEMM:
/// each plane is copied into a zero-bordered buffer, and then every kernel tap is one vectorized
/// multiply-add over the whole padded plane at a fixed offset.
/// </summary>
public sealed class DepthwiseConv2D : Layer
{
    private readonly Action<int> _forwardChunk;
    private readonly Action<int> _backwardChunk;
    private Parameter _weight = null!;
    private Parameter? _bias;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor _input = null!;
    private Tensor _outputGradient = null!;
    private DepthwiseWorkspace[] _workspaces = [];
    private int _chunks;
    private int _pad;
    private int _paddedWidth;
    private int _paddedHeight;

    public DepthwiseConv2D(int kernel = 3, Padding padding = Padding.Same, bool bias = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        Kernel = kernel;
        Padding = padding;
        UseBias = bias;
        _forwardChunk = ForwardChunk;
        _backwardChunk = BackwardChunk;
    }

    public int Kernel { get; }

    public Padding Padding { get; }

    public bool UseBias { get; }

    public Parameter Weight => _weight;

    protected override string NamePrefix => "depthwise";

    public override IEnumerable<Parameter> Parameters => _bias is null ? [_weight] : [_weight, _bias];

    public override long Flops => 2L * InputShape.Channels * OutputShape.Plane * Kernel * Kernel;

    // Length of the flat output run in padded-width coordinates: every output row plus the border columns between them.
    private int RunLength => (OutputShape.Height - 1) * _paddedWidth + OutputShape.Width;

    protected override TensorShape OnBuild(TensorShape input, BuildContext context)
    {
        _pad = Padding == Padding.Same ? Kernel / 2 : 0;
        _paddedHeight = input.Height + 2 * _pad;
        _paddedWidth = input.Width + 2 * _pad;
        var output = new TensorShape(input.Channels, _paddedHeight - Kernel + 1, _paddedWidth - Kernel + 1);
        if (output.Height < 1 || output.Width < 1)
        {
            throw new ArgumentException($"{Name}: a {Kernel}×{Kernel} kernel does not fit {input}.");
        }

        _weight = new Parameter($"{Name}.weight", [input.Channels, 1, Kernel, Kernel], decays: true);
        context.HeNormal(_weight.Value, Kernel * Kernel);
        if (UseBias)
        {
            _bias = new Parameter($"{Name}.bias", [input.Channels], decays: false);
            context.FanInUniform(_bias.Value, Kernel * Kernel);
        }

        return output;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, InputShape, Name);
        _input = input;
        EnsureOutput(ref _output, OutputShape, input.Batch);
        PrepareChunks(input.Batch);
        WorkerPool.Shared.For(_chunks, _forwardChunk);
        return _output!;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        _outputGradient = outputGradient;
        if (NeedsInputGradient)
        {
            EnsureOutput(ref _inputGradient, InputShape, outputGradient.Batch);
        }

        PrepareChunks(outputGradient.Batch);
        WorkerPool.Shared.For(_chunks, _backwardChunk);
        Sum(_weight.Gradient, static w => w.WeightGradient);
        if (_bias is not null)
        {
            Sum(_bias.Gradient, static w => w.BiasGradient);
        }

        return _inputGradient!;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var channels = InputShape.Channels;
        var inputs = new List<string> { input, graph.AddInitializer($"{Name}.weight", _weight.Value, channels, 1, Kernel, Kernel) };
        if (_bias is not null)
        {
            inputs.Add(graph.AddInitializer($"{Name}.bias", _bias.Value, channels));
        }

        return graph.AddNode("Conv", Name, [.. inputs],
            OnnxGraphBuilder.Ints("kernel_shape", Kernel, Kernel),
            OnnxGraphBuilder.Ints("strides", 1, 1),
            OnnxGraphBuilder.Ints("pads", _pad, _pad, _pad, _pad),
            OnnxGraphBuilder.Ints("dilations", 1, 1),
            OnnxGraphBuilder.Int("group", channels));
    }

    private void PrepareChunks(int batch)
    {
        _chunks = BatchPartition.Chunks(batch);
        if (_workspaces.Length < _chunks)
        {
            Array.Resize(ref _workspaces, _chunks);
        }

        var padded = _paddedHeight * _paddedWidth;
        for (var i = 0; i < _chunks; i++)
        {
            _workspaces[i] ??= new DepthwiseWorkspace(padded, (Kernel - 1) * (_paddedWidth + 1), _weight.Length, InputShape.Channels);
        }
    }

    private (int Start, int End) ChunkRange(int chunk, int batch) => BatchPartition.Range(chunk, _chunks, batch);

    private unsafe void ForwardChunk(int chunk)
    {
        var (start, end) = ChunkRange(chunk, _input.Batch);
        var ws = _workspaces[chunk];
        var run = RunLength;
        var taps = Kernel * Kernel;
        var offsets = stackalloc int[taps];
        for (var t = 0; t < taps; t++)
        {
            offsets[t] = t / Kernel * _paddedWidth + t % Kernel;
        }

        fixed (float* padded = ws.Padded, result = ws.Result, weights = _weight.Value)
        {
            for (var n = start; n < end; n++)
            {
                for (var c = 0; c < InputShape.Channels; c++)
                {
                    CopyIntoPadded(_input.Plane(n, c), ws.Padded);
                    DepthwiseKernels.Correlate(padded, run, weights + c * taps, offsets, taps, result);
                    var bias = _bias?.Value[c] ?? 0f;
                    var output = _output!.Plane(n, c);
                    for (var y = 0; y < OutputShape.Height; y++)
                    {
                        var row = ws.Result.AsSpan(y * _paddedWidth, OutputShape.Width);
                        var dst = output.Slice(y * OutputShape.Width, OutputShape.Width);
                        if (bias == 0f)
                        {
                            row.CopyTo(dst);
                        }
                        else
                        {
                            TensorPrimitives.Add(row, bias, dst);
                        }
                    }
                }
            }
        }
    }

    private unsafe void BackwardChunk(int chunk)
    {
        var (start, end) = ChunkRange(chunk, _outputGradient.Batch);
        var ws = _workspaces[chunk];
        var run = RunLength;
        var taps = Kernel * Kernel;
        var margin = (Kernel - 1) * _paddedWidth + Kernel - 1;
        var offsets = stackalloc int[taps];
        var flipped = stackalloc int[taps];
        for (var t = 0; t < taps; t++)
        {
            offsets[t] = t / Kernel * _paddedWidth + t % Kernel;
            flipped[t] = margin - offsets[t];
        }

        ws.WeightGradient.AsSpan().Clear();
        ws.BiasGradient.AsSpan().Clear();
        ws.HasWork = end > start;
        // The output gradient in padded-width layout with `margin` zeros on both sides, so the input gradient is
        // one correlation with the flipped kernel; the border columns stay zero and add nothing.
        var gradient = ws.Gradient.AsSpan(0, run + 2 * margin);
        gradient.Clear();
        fixed (float* padded = ws.Padded, g = ws.Gradient, weights = _weight.Value, dW = ws.WeightGradient, dPadded = ws.Result)
        {
            for (var n = start; n < end; n++)
            {
                for (var c = 0; c < InputShape.Channels; c++)
                {
                    var dOut = _outputGradient.Plane(n, c);
                    for (var y = 0; y < OutputShape.Height; y++)
                    {
                        dOut.Slice(y * OutputShape.Width, OutputShape.Width).CopyTo(gradient.Slice(margin + y * _paddedWidth, OutputShape.Width));
                    }

                    if (UseBias)
                    {
                        ws.BiasGradient[c] += TensorPrimitives.Sum(dOut);
                    }

                    CopyIntoPadded(_input.Plane(n, c), ws.Padded);
                    DepthwiseKernels.WeightGradient(padded, g + margin, run, offsets, taps, dW + c * taps);
                    if (!NeedsInputGradient)
                    {
                        continue;
                    }

                    // Only the rows that hold real pixels are needed.
                    var first = _pad * _paddedWidth;
                    var length = InputShape.Height * _paddedWidth;
                    DepthwiseKernels.Correlate(g + first, length, weights + c * taps, flipped, taps, dPadded + first);
                    var dIn = _inputGradient!.Plane(n, c);
                    for (var y = 0; y < InputShape.Height; y++)
                    {
                        ws.Result.AsSpan((y + _pad) * _paddedWidth + _pad, InputShape.Width).CopyTo(dIn.Slice(y * InputShape.Width, InputShape.Width));
                    }
                }
            }
        }
    }

    private void CopyIntoPadded(ReadOnlySpan<float> plane, float[] padded)
    {
        if (_pad > 0)
        {
            padded.AsSpan().Clear();
        }

        for (var y = 0; y < InputShape.Height; y++)
        {
            plane.Slice(y * InputShape.Width, InputShape.Width).CopyTo(padded.AsSpan((y + _pad) * _paddedWidth + _pad, InputShape.Width));
        }
    }

    private void Sum(float[] destination, Func<DepthwiseWorkspace, float[]> partial)
    {
        var target = destination.AsSpan();
        target.Clear();
        for (var i = 0; i < _chunks; i++)
        {
            if (_workspaces[i].HasWork)
            {
                TensorPrimitives.Add(target, partial(_workspaces[i]), target);
            }
        }
    }

    private sealed class DepthwiseWorkspace(int padded, int margin, int weights, int channels)
    {
        public readonly float[] Padded = new float[padded];
        public readonly float[] Result = new float[padded];
        public readonly float[] Gradient = new float[padded + 2 * margin];
        public readonly float[] WeightGradient = new float[weights];
        public readonly float[] BiasGradient = new float[channels];
        public bool HasWork;
    }
}
