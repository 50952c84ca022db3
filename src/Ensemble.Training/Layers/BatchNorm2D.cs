using Ensemble.Training.Kernels;
using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>
/// Batch normalization over N·H·W per channel. Training normalizes with the batch statistics and moves the
/// running ones (PyTorch's convention: momentum 0.1, unbiased running variance); inference uses the running ones.
/// The normalized activations are not stored: backward recomputes them from the input, which costs less than
/// streaming another tensor through memory.
/// </summary>
/// <remarks>
/// Each pass walks whole images in memory order, split into the batch's chunks; the per-channel sums of a chunk
/// are added up in chunk order, so results repeat for a given thread count. Walking one channel across the batch
/// instead would jump a whole image between planes of a few hundred floats, and the prefetcher never caught up.
/// </remarks>
public sealed class BatchNorm2D : Layer
{
    private readonly Action<int> _sumChunk;
    private readonly Action<int> _normalizeChunk;
    private readonly Action<int> _gradientSumChunk;
    private readonly Action<int> _inputGradientChunk;
    private Parameter _gamma = null!;
    private Parameter _beta = null!;
    private float[] _runningMean = [];
    private float[] _runningVariance = [];
    private float[] _inverseStd = [];
    private float[] _mean = [];
    private float[] _scale = [];
    private float[] _shift = [];
    private float[] _gradientScale = [];
    private float[] _inputScale = [];
    private float[] _gradientOffset = [];
    private double[] _firstSums = [];
    private double[] _secondSums = [];
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor _input = null!;
    private Tensor _outputGradient = null!;
    private bool _training;
    private int _chunks;

    /// <param name="relu">Apply ReLU in the same pass (exported as BatchNormalization then Relu): one less trip through memory.</param>
    public BatchNorm2D(float momentum = 0.1f, float epsilon = 1e-5f, bool relu = false)
    {
        Momentum = momentum;
        Epsilon = epsilon;
        Relu = relu;
        _sumChunk = SumChunk;
        _normalizeChunk = NormalizeChunk;
        _gradientSumChunk = GradientSumChunk;
        _inputGradientChunk = InputGradientChunk;
    }

    public float Momentum { get; }

    public float Epsilon { get; }

    public bool Relu { get; }

    public float[] RunningMean => _runningMean;

    public float[] RunningVariance => _runningVariance;

    protected override string NamePrefix => "bn";

    public override IEnumerable<Parameter> Parameters => [_gamma, _beta];

    public override IEnumerable<(string Name, float[] Values)> Buffers =>
        [($"{Name}.running_mean", _runningMean), ($"{Name}.running_var", _runningVariance)];

    protected override TensorShape OnBuild(TensorShape input, BuildContext context)
    {
        var channels = input.Channels;
        _gamma = new Parameter($"{Name}.weight", [channels], decays: false);
        _beta = new Parameter($"{Name}.bias", [channels], decays: false);
        Array.Fill(_gamma.Value, 1f);
        _runningMean = new float[channels];
        _runningVariance = new float[channels];
        Array.Fill(_runningVariance, 1f);
        _inverseStd = new float[channels];
        _mean = new float[channels];
        _scale = new float[channels];
        _shift = new float[channels];
        _gradientScale = new float[channels];
        _inputScale = new float[channels];
        _gradientOffset = new float[channels];
        return input;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, InputShape, Name);
        _input = input;
        _training = training;
        EnsureOutput(ref _output, OutputShape, input.Batch);
        PrepareChunks(input.Batch);
        if (training)
        {
            WorkerPool.Shared.For(_chunks, _sumChunk);
            UseBatchStatistics(input.Batch);
        }
        else
        {
            UseRunningStatistics();
        }

        WorkerPool.Shared.For(_chunks, _normalizeChunk);
        return _output!;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        if (!_training)
        {
            throw new InvalidOperationException($"{Name}: backward needs a forward pass in training mode.");
        }

        _outputGradient = outputGradient;
        EnsureOutput(ref _inputGradient, InputShape, outputGradient.Batch);
        PrepareChunks(outputGradient.Batch);
        WorkerPool.Shared.For(_chunks, _gradientSumChunk);
        PrepareInputGradient(outputGradient.Batch);
        WorkerPool.Shared.For(_chunks, _inputGradientChunk);
        return _inputGradient!;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var normalized = ExportNormalization(graph, input);
        return Relu ? graph.AddNode("Relu", $"{Name}.relu", [normalized]) : normalized;
    }

    private string ExportNormalization(OnnxGraphBuilder graph, string input)
    {
        var c = InputShape.Channels;
        return graph.AddNode("BatchNormalization", Name,
            [
                input,
                graph.AddInitializer($"{Name}.weight", _gamma.Value, c),
                graph.AddInitializer($"{Name}.bias", _beta.Value, c),
                graph.AddInitializer($"{Name}.running_mean", _runningMean, c),
                graph.AddInitializer($"{Name}.running_var", _runningVariance, c),
            ],
            OnnxGraphBuilder.Float("epsilon", Epsilon));
    }

    private void PrepareChunks(int batch)
    {
        _chunks = BatchPartition.Chunks(batch);
        var length = _chunks * InputShape.Channels;
        if (_firstSums.Length < length)
        {
            _firstSums = new double[length];
            _secondSums = new double[length];
        }
    }

    // Σx and Σx² of each channel over the chunk's images.
    private void SumChunk(int chunk)
    {
        var (start, end) = BatchPartition.Range(chunk, _chunks, _input.Batch);
        var channels = InputShape.Channels;
        var sums = _firstSums.AsSpan(chunk * channels, channels);
        var squares = _secondSums.AsSpan(chunk * channels, channels);
        sums.Clear();
        squares.Clear();
        for (var n = start; n < end; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                // Sums per plane in float (vectorized), across planes in double for accuracy at large N·H·W.
                var (sum, square) = Vectorized.SumAndSumOfSquares(_input.Plane(n, c));
                sums[c] += sum;
                squares[c] += square;
            }
        }
    }

    private void UseBatchStatistics(int batch)
    {
        var channels = InputShape.Channels;
        var count = (double)batch * InputShape.Plane;
        for (var c = 0; c < channels; c++)
        {
            double sum = 0, squares = 0;
            for (var chunk = 0; chunk < _chunks; chunk++)
            {
                sum += _firstSums[chunk * channels + c];
                squares += _secondSums[chunk * channels + c];
            }

            var batchMean = sum / count;
            var variance = Math.Max(squares / count - batchMean * batchMean, 0.0);
            var mean = (float)batchMean;
            var unbiased = count > 1 ? variance * count / (count - 1) : variance;
            _runningMean[c] = (1 - Momentum) * _runningMean[c] + Momentum * mean;
            _runningVariance[c] = (1 - Momentum) * _runningVariance[c] + Momentum * (float)unbiased;
            SetNormalization(c, mean, (float)(1.0 / Math.Sqrt(variance + Epsilon)));
        }
    }

    private void UseRunningStatistics()
    {
        for (var c = 0; c < InputShape.Channels; c++)
        {
            SetNormalization(c, _runningMean[c], 1f / MathF.Sqrt(_runningVariance[c] + Epsilon));
        }
    }

    private void SetNormalization(int c, float mean, float inverseStd)
    {
        _mean[c] = mean;
        _inverseStd[c] = inverseStd;
        _scale[c] = _gamma.Value[c] * inverseStd;
        _shift[c] = _beta.Value[c] - mean * _scale[c];
    }

    private void NormalizeChunk(int chunk)
    {
        var (start, end) = BatchPartition.Range(chunk, _chunks, _input.Batch);
        for (var n = start; n < end; n++)
        {
            for (var c = 0; c < InputShape.Channels; c++)
            {
                Vectorized.Affine(_input.Plane(n, c), _scale[c], _shift[c], _output!.Plane(n, c), Relu);
            }
        }
    }

    // Σdy and Σdy·x of each channel over the chunk's images.
    private void GradientSumChunk(int chunk)
    {
        var (start, end) = BatchPartition.Range(chunk, _chunks, _outputGradient.Batch);
        var channels = InputShape.Channels;
        var sums = _firstSums.AsSpan(chunk * channels, channels);
        var dots = _secondSums.AsSpan(chunk * channels, channels);
        sums.Clear();
        dots.Clear();
        for (var n = start; n < end; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                // With the fused ReLU, the gradient reaching the normalization is dy where the output is positive;
                // the mask is recomputed from the input, so backward streams two tensors, not three.
                var (sum, dot) = Relu
                    ? Vectorized.SumAndDotWherePositive(_outputGradient.Plane(n, c), _input.Plane(n, c), _scale[c], _shift[c])
                    : Vectorized.SumAndDot(_outputGradient.Plane(n, c), _input.Plane(n, c));
                sums[c] += sum;
                dots[c] += dot;
            }
        }
    }

    private void PrepareInputGradient(int batch)
    {
        var channels = InputShape.Channels;
        var count = (double)batch * InputShape.Plane;
        for (var c = 0; c < channels; c++)
        {
            double sumDy = 0, sumDyX = 0;
            for (var chunk = 0; chunk < _chunks; chunk++)
            {
                sumDy += _firstSums[chunk * channels + c];
                sumDyX += _secondSums[chunk * channels + c];
            }

            var mean = _mean[c];
            var inverseStd = _inverseStd[c];
            // Σ dy·x̂ = σ⁻¹ (Σ dy·x − μ Σ dy)
            var dGamma = inverseStd * (sumDyX - mean * sumDy);
            _gamma.Gradient[c] = (float)dGamma;
            _beta.Gradient[c] = (float)sumDy;
            // dx = γσ⁻¹ (dy − mean(dy) − x̂ · mean(dy·x̂)), expanded into a·dy + b·x + c with x̂ = (x − μ)σ⁻¹.
            var scale = _gamma.Value[c] * inverseStd;
            var meanDy = sumDy / count;
            var meanDyXhat = dGamma / count;
            _gradientScale[c] = scale;
            _inputScale[c] = (float)(-scale * meanDyXhat * inverseStd);
            _gradientOffset[c] = (float)(-scale * meanDy + scale * meanDyXhat * inverseStd * mean);
        }
    }

    private void InputGradientChunk(int chunk)
    {
        var (start, end) = BatchPartition.Range(chunk, _chunks, _outputGradient.Batch);
        for (var n = start; n < end; n++)
        {
            for (var c = 0; c < InputShape.Channels; c++)
            {
                if (Relu)
                {
                    Vectorized.Affine2WherePositive(_outputGradient.Plane(n, c), _gradientScale[c], _input.Plane(n, c), _scale[c], _shift[c], _inputScale[c], _gradientOffset[c], _inputGradient!.Plane(n, c));
                }
                else
                {
                    Vectorized.Affine2(_outputGradient.Plane(n, c), _gradientScale[c], _input.Plane(n, c), _inputScale[c], _gradientOffset[c], _inputGradient!.Plane(n, c));
                }
            }
        }
    }
}
