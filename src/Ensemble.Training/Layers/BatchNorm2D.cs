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
public sealed class BatchNorm2D : Layer
{
    private readonly Action<int> _forwardChannel;
    private readonly Action<int> _backwardChannel;
    private Parameter _gamma = null!;
    private Parameter _beta = null!;
    private float[] _runningMean = [];
    private float[] _runningVariance = [];
    private float[] _inverseStd = [];
    private float[] _mean = [];
    private float[] _scale = [];
    private float[] _shift = [];
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor _input = null!;
    private Tensor _outputGradient = null!;
    private bool _training;

    /// <param name="relu">Apply ReLU in the same pass (exported as BatchNormalization then Relu): one less trip through memory.</param>
    public BatchNorm2D(float momentum = 0.1f, float epsilon = 1e-5f, bool relu = false)
    {
        Momentum = momentum;
        Epsilon = epsilon;
        Relu = relu;
        _forwardChannel = ForwardChannel;
        _backwardChannel = BackwardChannel;
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
        return input;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, InputShape, Name);
        _input = input;
        _training = training;
        EnsureOutput(ref _output, OutputShape, input.Batch);

        WorkerPool.Shared.For(InputShape.Channels, _forwardChannel);
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
        WorkerPool.Shared.For(InputShape.Channels, _backwardChannel);
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

    private void ForwardChannel(int c)
    {
        var batch = _input.Batch;
        float mean, inverseStd;
        if (_training)
        {
            // Sums per plane in float (vectorized), across planes in double for accuracy at large N·H·W.
            double sum = 0, squares = 0;
            for (var n = 0; n < batch; n++)
            {
                var (s, q) = Vectorized.SumAndSumOfSquares(_input.Plane(n, c));
                sum += s;
                squares += q;
            }

            var count = (double)batch * InputShape.Plane;
            var batchMean = sum / count;
            var variance = Math.Max(squares / count - batchMean * batchMean, 0.0);
            mean = (float)batchMean;
            inverseStd = (float)(1.0 / Math.Sqrt(variance + Epsilon));
            var unbiased = count > 1 ? variance * count / (count - 1) : variance;
            _runningMean[c] = (1 - Momentum) * _runningMean[c] + Momentum * mean;
            _runningVariance[c] = (1 - Momentum) * _runningVariance[c] + Momentum * (float)unbiased;
        }
        else
        {
            mean = _runningMean[c];
            inverseStd = 1f / MathF.Sqrt(_runningVariance[c] + Epsilon);
        }

        _mean[c] = mean;
        _inverseStd[c] = inverseStd;
        var scale = _gamma.Value[c] * inverseStd;
        var shift = _beta.Value[c] - mean * scale;
        _scale[c] = scale;
        _shift[c] = shift;
        for (var n = 0; n < batch; n++)
        {
            Vectorized.Affine(_input.Plane(n, c), scale, shift, _output!.Plane(n, c), Relu);
        }
    }

    private void BackwardChannel(int c)
    {
        var batch = _outputGradient.Batch;
        double sumDy = 0, sumDyX = 0;
        for (var n = 0; n < batch; n++)
        {
            // With the fused ReLU, the gradient reaching the normalization is dy where the output is positive; the
            // mask is recomputed from the input, so backward streams two tensors, not three.
            var (s, d) = Relu
                ? Vectorized.SumAndDotWherePositive(_outputGradient.Plane(n, c), _input.Plane(n, c), _scale[c], _shift[c])
                : Vectorized.SumAndDot(_outputGradient.Plane(n, c), _input.Plane(n, c));
            sumDy += s;
            sumDyX += d;
        }

        var mean = _mean[c];
        var inverseStd = _inverseStd[c];
        // Σ dy·x̂ = σ⁻¹ (Σ dy·x − μ Σ dy)
        var dGamma = inverseStd * (sumDyX - mean * sumDy);
        _gamma.Gradient[c] = (float)dGamma;
        _beta.Gradient[c] = (float)sumDy;
        var count = (double)batch * InputShape.Plane;
        // dx = γσ⁻¹ (dy − mean(dy) − x̂ · mean(dy·x̂)), expanded into a·dy + b·x + c with x̂ = (x − μ)σ⁻¹.
        var scale = _gamma.Value[c] * inverseStd;
        var meanDy = sumDy / count;
        var meanDyXhat = dGamma / count;
        var a = scale;
        var b = (float)(-scale * meanDyXhat * inverseStd);
        var offset = (float)(-scale * meanDy + scale * meanDyXhat * inverseStd * mean);
        for (var n = 0; n < batch; n++)
        {
            if (Relu)
            {
                Vectorized.Affine2WherePositive(_outputGradient.Plane(n, c), a, _input.Plane(n, c), _scale[c], _shift[c], b, offset, _inputGradient!.Plane(n, c));
            }
            else
            {
                Vectorized.Affine2(_outputGradient.Plane(n, c), a, _input.Plane(n, c), b, offset, _inputGradient!.Plane(n, c));
            }
        }
    }
}
