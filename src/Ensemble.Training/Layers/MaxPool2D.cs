using Ensemble.Training.Kernels;
using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>Max over non-overlapping size×size windows (stride = size, no padding); backward routes the gradient to each window's arg-max.</summary>
public sealed class MaxPool2D : Layer
{
    private readonly Action<int> _forwardSample;
    private readonly Action<int> _backwardSample;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor _input = null!;
    private Tensor _outputGradient = null!;
    private int[] _argMax = [];

    public MaxPool2D(int size = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _forwardSample = ForwardSample;
        _backwardSample = BackwardSample;
    }

    public int Size { get; }

    protected override string NamePrefix => "maxpool";

    protected override TensorShape OnBuild(TensorShape input, BuildContext context)
    {
        if (input.Height < Size || input.Width < Size)
        {
            throw new ArgumentException($"{Name}: a {Size}×{Size} pool does not fit {input}.");
        }

        return input with { Height = input.Height / Size, Width = input.Width / Size };
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, InputShape, Name);
        _input = input;
        EnsureOutput(ref _output, OutputShape, input.Batch);
        if (_argMax.Length < _output!.Length)
        {
            _argMax = new int[_output.Length];
        }

        WorkerPool.Shared.For(input.Batch, _forwardSample);
        return _output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        _outputGradient = outputGradient;
        EnsureOutput(ref _inputGradient, InputShape, outputGradient.Batch);
        WorkerPool.Shared.For(outputGradient.Batch, _backwardSample);
        return _inputGradient!;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input) =>
        graph.AddNode("MaxPool", Name, [input],
            OnnxGraphBuilder.Ints("kernel_shape", Size, Size),
            OnnxGraphBuilder.Ints("strides", Size, Size));

    private void ForwardSample(int n)
    {
        var input = _input.Sample(n);
        var output = _output!.Sample(n);
        var argMax = _argMax.AsSpan(n * OutputShape.Size, OutputShape.Size);
        if (Size == 2)
        {
            ForwardTwoByTwo(input, output, argMax);
            return;
        }

        int width = InputShape.Width, plane = InputShape.Plane;
        var o = 0;
        for (var c = 0; c < OutputShape.Channels; c++)
        {
            for (var oy = 0; oy < OutputShape.Height; oy++)
            {
                for (var ox = 0; ox < OutputShape.Width; ox++, o++)
                {
                    var best = c * plane + oy * Size * width + ox * Size;
                    for (var dy = 0; dy < Size; dy++)
                    {
                        for (var dx = 0; dx < Size; dx++)
                        {
                            var index = c * plane + (oy * Size + dy) * width + ox * Size + dx;
                            if (input[index] > input[best])
                            {
                                best = index;
                            }
                        }
                    }

                    output[o] = input[best];
                    argMax[o] = best;
                }
            }
        }
    }

    // The common 2×2 window, unrolled: the generic loop spends more on index arithmetic than on comparisons.
    private void ForwardTwoByTwo(ReadOnlySpan<float> input, Span<float> output, Span<int> argMax)
    {
        int width = InputShape.Width, plane = InputShape.Plane, outHeight = OutputShape.Height, outWidth = OutputShape.Width;
        var o = 0;
        for (var c = 0; c < OutputShape.Channels; c++)
        {
            for (var oy = 0; oy < outHeight; oy++)
            {
                var top = c * plane + 2 * oy * width;
                var bottom = top + width;
                for (var ox = 0; ox < outWidth; ox++, o++)
                {
                    // Selections as arithmetic on 0/1 flags: data-dependent branches would mispredict half the time.
                    var i = top + 2 * ox;
                    var j = bottom + 2 * ox;
                    float a = input[i], b = input[i + 1], e = input[j], d = input[j + 1];
                    var upper = MathF.Max(a, b);
                    var lower = MathF.Max(e, d);
                    var upperIndex = i + (b > a ? 1 : 0);
                    var lowerIndex = j + (d > e ? 1 : 0);
                    var takeLower = lower > upper ? 1 : 0;
                    output[o] = MathF.Max(upper, lower);
                    argMax[o] = upperIndex + takeLower * (lowerIndex - upperIndex);
                }
            }
        }
    }

    private void BackwardSample(int n)
    {
        var dx = _inputGradient!.Sample(n);
        var dy = _outputGradient.Sample(n);
        var argMax = _argMax.AsSpan(n * OutputShape.Size, OutputShape.Size);
        dx.Clear();
        for (var o = 0; o < dy.Length; o++)
        {
            dx[argMax[o]] += dy[o];
        }
    }
}
