using Ensemble.Training.Kernels;
using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>
/// A k×k convolution lowered to GEMM: patches of a few images are unfolded side by side (im2col) and
/// multiplied by the [filters × C·k·k] kernel matrix. Images are split across the worker pool; weight
/// gradients are summed from per-chunk partials in chunk order, so results are reproducible.
/// </summary>
public sealed class Conv2D : Layer
{
    // Columns per GEMM: enough to amortize packing, small enough to keep the unfolded patch matrix in L2.
    private const int TargetColumns = 512;

    private readonly Action<int> _forwardChunk;
    private readonly Action<int> _backwardChunk;
    private ConvGeometry _geometry;
    private ConvWorkspace[] _workspaces = [];
    private Parameter _weight = null!;
    private Parameter? _bias;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor _input = null!;
    private Tensor _outputGradient = null!;
    private int _chunks;
    private float[] _weightSum = [];

    public Conv2D(int filters, int kernel = 3, int stride = 1, Padding padding = Padding.Same, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        Filters = filters;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        UseBias = bias;
        _forwardChunk = ForwardChunk;
        _backwardChunk = BackwardChunk;
    }

    public int Filters { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public Padding Padding { get; }

    public bool UseBias { get; }

    public Parameter Weight => _weight;

    public Parameter? Bias => _bias;

    protected override string NamePrefix => "conv";

    public override IEnumerable<Parameter> Parameters => _bias is null ? [_weight] : [_weight, _bias];

    public override long Flops => 2L * Filters * _geometry.OutPlane * _geometry.PatchSize;

    protected override TensorShape OnBuild(TensorShape input, BuildContext context)
    {
        var pad = Padding == Padding.Same ? Kernel / 2 : 0;
        _geometry = new ConvGeometry(input.Channels, input.Height, input.Width, Kernel, Stride, pad);
        if (_geometry.OutHeight < 1 || _geometry.OutWidth < 1)
        {
            throw new ArgumentException($"{Name}: a {Kernel}×{Kernel} kernel does not fit {input}.");
        }

        _weight = new Parameter($"{Name}.weight", [Filters, input.Channels, Kernel, Kernel], decays: true);
        context.HeNormal(_weight.Value, _geometry.PatchSize);
        if (UseBias)
        {
            _bias = new Parameter($"{Name}.bias", [Filters], decays: false);
            context.FanInUniform(_bias.Value, _geometry.PatchSize);
        }

        return new TensorShape(Filters, _geometry.OutHeight, _geometry.OutWidth);
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, InputShape, Name);
        _input = input;
        var output = EnsureOutput(ref _output, OutputShape, input.Batch);
        PrepareChunks(input.Batch);
        WorkerPool.Shared.For(_chunks, _forwardChunk);
        return output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        _outputGradient = outputGradient;
        var batch = outputGradient.Batch;
        if (NeedsInputGradient)
        {
            EnsureOutput(ref _inputGradient, InputShape, batch);
        }

        PrepareChunks(batch);
        WorkerPool.Shared.For(_chunks, _backwardChunk);
        SumTransposedWeightPartials();
        if (_bias is not null)
        {
            SumPartials(_bias.Gradient, static w => w.BiasGradient);
        }

        return _inputGradient!;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var inputs = new List<string> { input, graph.AddInitializer($"{Name}.weight", _weight.Value, Filters, InputShape.Channels, Kernel, Kernel) };
        if (_bias is not null)
        {
            inputs.Add(graph.AddInitializer($"{Name}.bias", _bias.Value, Filters));
        }

        var pad = _geometry.Pad;
        return graph.AddNode("Conv", Name, [.. inputs],
            OnnxGraphBuilder.Ints("kernel_shape", Kernel, Kernel),
            OnnxGraphBuilder.Ints("strides", Stride, Stride),
            OnnxGraphBuilder.Ints("pads", pad, pad, pad, pad),
            OnnxGraphBuilder.Ints("dilations", 1, 1),
            OnnxGraphBuilder.Int("group", 1));
    }

    private void PrepareChunks(int batch)
    {
        _chunks = BatchPartition.Chunks(batch);
        if (_workspaces.Length < _chunks)
        {
            Array.Resize(ref _workspaces, _chunks);
        }

        for (var i = 0; i < _chunks; i++)
        {
            _workspaces[i] ??= new ConvWorkspace();
        }
    }

    private (int Start, int End) ChunkRange(int chunk, int batch) => BatchPartition.Range(chunk, _chunks, batch);

    // Splits a chunk's images into GEMMs of about TargetColumns columns each, as evenly as possible.
    private int ImagesPerGemm(int images)
    {
        var gemms = Math.Max(1, (images * _geometry.OutPlane + TargetColumns - 1) / TargetColumns);
        return Math.Max(1, (images + gemms - 1) / gemms);
    }

    private bool IsPointwise => Kernel == 1 && Stride == 1 && _geometry.Pad == 0;

    private void ForwardChunk(int chunk)
    {
        var (start, end) = ChunkRange(chunk, _input.Batch);
        var ws = _workspaces[chunk];
        var g = _geometry;
        var plane = g.OutPlane;
        var perGemm = ImagesPerGemm(end - start);
        var weights = _weight.Value;
        for (var n0 = start; n0 < end; n0 += perGemm)
        {
            var images = Math.Min(perGemm, end - n0);
            var cols = images * plane;
            var columns = UnfoldImages(ws, n0, images, cols);
            if (images == 1)
            {
                // One image: its output sample is already the [filters × plane] GEMM result.
                Gemm.Multiply(Filters, cols, g.PatchSize, weights, g.PatchSize, 1, columns, cols, 1, _output!.Sample(n0), cols, accumulate: false);
                AddBias(_output.Sample(n0));
                continue;
            }

            var product = ConvWorkspace.Grow(ref ws.Product, Filters * cols);
            Gemm.Multiply(Filters, cols, g.PatchSize, weights, g.PatchSize, 1, columns, cols, 1, product, cols, accumulate: false);
            for (var i = 0; i < images; i++)
            {
                var sample = _output!.Sample(n0 + i);
                for (var f = 0; f < Filters; f++)
                {
                    product.AsSpan(f * cols + i * plane, plane).CopyTo(sample.Slice(f * plane, plane));
                }

                AddBias(sample);
            }
        }
    }

    private void BackwardChunk(int chunk)
    {
        var batch = _outputGradient.Batch;
        var (start, end) = ChunkRange(chunk, batch);
        var ws = _workspaces[chunk];
        var g = _geometry;
        var plane = g.OutPlane;
        var perGemm = ImagesPerGemm(end - start);
        var dW = ConvWorkspace.Grow(ref ws.WeightGradient, _weight.Length);
        var dB = UseBias ? ConvWorkspace.Grow(ref ws.BiasGradient, Filters) : null;
        dB?.AsSpan(0, Filters).Clear();
        ws.HasWork = end > start;
        var first = true;
        for (var n0 = start; n0 < end; n0 += perGemm)
        {
            var images = Math.Min(perGemm, end - n0);
            var cols = images * plane;
            var columns = UnfoldImages(ws, n0, images, cols);
            ReadOnlySpan<float> gradient;
            if (images == 1)
            {
                gradient = _outputGradient.Sample(n0);
            }
            else
            {
                var gathered = ConvWorkspace.Grow(ref ws.Product, Filters * cols);
                for (var i = 0; i < images; i++)
                {
                    var sample = _outputGradient.Sample(n0 + i);
                    for (var f = 0; f < Filters; f++)
                    {
                        sample.Slice(f * plane, plane).CopyTo(gathered.AsSpan(f * cols + i * plane, plane));
                    }
                }

                gradient = gathered;
            }

            // dWᵀ[p, f] += Σ_col columns[p, col] · dY[f, col]. Transposed, the wide operand (the patch matrix) packs
            // along its rows and only the narrow one (dY) is read across; SumPartials transposes the result back.
            Gemm.Multiply(g.PatchSize, Filters, cols, columns, cols, 1, gradient, 1, cols, dW, Filters, accumulate: !first);
            first = false;
            if (dB is not null)
            {
                for (var f = 0; f < Filters; f++)
                {
                    dB[f] += TensorPrimitives.Sum(gradient.Slice(f * cols, cols));
                }
            }

            if (!NeedsInputGradient)
            {
                continue;
            }

            // dColumns = Wᵀ · dY, then fold back onto the input pixels.
            var dColumns = ConvWorkspace.Grow(ref ws.Columns, g.PatchSize * cols);
            if (IsPointwise && images == 1)
            {
                Gemm.Multiply(g.PatchSize, cols, Filters, _weight.Value, 1, g.PatchSize, gradient, cols, 1, _inputGradient!.Sample(n0), cols, accumulate: false);
                continue;
            }

            Gemm.Multiply(g.PatchSize, cols, Filters, _weight.Value, 1, g.PatchSize, gradient, cols, 1, dColumns, cols, accumulate: false);
            for (var i = 0; i < images; i++)
            {
                var dInput = _inputGradient!.Sample(n0 + i);
                dInput.Clear();
                Im2Col.Fold(g, dColumns, cols, i * plane, dInput);
            }
        }
    }

    // Returns the [C·k·k × cols] patch matrix of images [n0, n0 + images); a pointwise conv of one image needs no copy.
    private ReadOnlySpan<float> UnfoldImages(ConvWorkspace ws, int n0, int images, int cols)
    {
        if (IsPointwise && images == 1)
        {
            return _input.Sample(n0);
        }

        var columns = ConvWorkspace.Grow(ref ws.Columns, _geometry.PatchSize * cols);
        for (var i = 0; i < images; i++)
        {
            Im2Col.Unfold(_geometry, _input.Sample(n0 + i), columns, cols, i * _geometry.OutPlane);
        }

        return columns.AsSpan(0, _geometry.PatchSize * cols);
    }

    private void AddBias(Span<float> sample)
    {
        if (_bias is null)
        {
            return;
        }

        var plane = _geometry.OutPlane;
        for (var f = 0; f < Filters; f++)
        {
            TensorPrimitives.Add(sample.Slice(f * plane, plane), _bias.Value[f], sample.Slice(f * plane, plane));
        }
    }

    // The partials hold dWᵀ [patch × filters]; the parameter's gradient is [filters × patch].
    private void SumTransposedWeightPartials()
    {
        var patch = _geometry.PatchSize;
        var sum = ConvWorkspace.Grow(ref _weightSum, _weight.Length);
        var total = sum.AsSpan(0, _weight.Length);
        total.Clear();
        for (var i = 0; i < _chunks; i++)
        {
            if (_workspaces[i].HasWork)
            {
                TensorPrimitives.Add(total, _workspaces[i].WeightGradient.AsSpan(0, total.Length), total);
            }
        }

        var gradient = _weight.Gradient;
        for (var p = 0; p < patch; p++)
        {
            for (var f = 0; f < Filters; f++)
            {
                gradient[f * patch + p] = total[p * Filters + f];
            }
        }
    }

    private void SumPartials(float[] destination, Func<ConvWorkspace, float[]> partial)
    {
        var target = destination.AsSpan();
        target.Clear();
        for (var i = 0; i < _chunks; i++)
        {
            if (_workspaces[i].HasWork)
            {
                TensorPrimitives.Add(target, partial(_workspaces[i]).AsSpan(0, target.Length), target);
            }
        }
    }
}
