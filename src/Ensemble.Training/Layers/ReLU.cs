using System.Runtime.Intrinsics;
using Ensemble.Training.Kernels;
using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>max(x, 0); the backward pass passes the gradient where the output is positive.</summary>
public sealed class ReLU : Layer
{
    private readonly Action<int> _forwardSample;
    private readonly Action<int> _backwardSample;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor _input = null!;
    private Tensor _outputGradient = null!;

    public ReLU()
    {
        _forwardSample = n => TensorPrimitives.Max(_input.Sample(n), 0f, _output!.Sample(n));
        _backwardSample = n => Backward(_output!.Sample(n), _outputGradient.Sample(n), _inputGradient!.Sample(n));
    }

    protected override string NamePrefix => "relu";

    protected override TensorShape OnBuild(TensorShape input, BuildContext context) => input;

    public override Tensor Forward(Tensor input, bool training)
    {
        _input = input;
        EnsureOutput(ref _output, OutputShape, input.Batch);
        WorkerPool.Shared.For(input.Batch, _forwardSample);
        return _output!;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        _outputGradient = outputGradient;
        EnsureOutput(ref _inputGradient, InputShape, outputGradient.Batch);
        WorkerPool.Shared.For(outputGradient.Batch, _backwardSample);
        return _inputGradient!;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input) => graph.AddNode("Relu", Name, [input]);

    /// <summary>dx = dy where y &gt; 0, else 0.</summary>
    public static void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= output.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var y = Vector512.Create(output.Slice(i, Vector512<float>.Count));
                var dy = Vector512.Create(outputGradient.Slice(i, Vector512<float>.Count));
                Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), dy, Vector512<float>.Zero).CopyTo(inputGradient.Slice(i));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= output.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var y = Vector256.Create(output.Slice(i, Vector256<float>.Count));
                var dy = Vector256.Create(outputGradient.Slice(i, Vector256<float>.Count));
                Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), dy, Vector256<float>.Zero).CopyTo(inputGradient.Slice(i));
            }
        }

        for (; i < output.Length; i++)
        {
            inputGradient[i] = output[i] > 0f ? outputGradient[i] : 0f;
        }
    }
}
