using Ensemble.Training.Kernels;
using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>
/// relu(main(x) + shortcut(x)). Without an explicit shortcut it is the identity when the main path keeps the
/// shape, and otherwise a 1×1 convolution with bias, strided to match, created when the block is built.
/// </summary>
public sealed class ResidualBlock(Sequential main, Sequential? shortcut = null) : Layer
{
    private Tensor? _output;
    private Tensor? _sumGradient;
    private Tensor? _inputGradient;

    public Sequential Main { get; } = main;

    public Sequential? Shortcut { get; private set; } = shortcut;

    protected override string NamePrefix => "residual";

    public override IEnumerable<Layer> Children => Shortcut is null ? [Main] : [Main, Shortcut];

    public override IEnumerable<Parameter> Parameters => Children.SelectMany(l => l.Parameters);

    public override IEnumerable<(string Name, float[] Values)> Buffers => Children.SelectMany(l => l.Buffers);

    public override long Flops => Children.Sum(l => l.Flops);

    protected override TensorShape OnBuild(TensorShape input, BuildContext context)
    {
        var needsInputGradient = context.NeedsInputGradient;
        Main.Build(input, context);
        var output = Main.OutputShape;
        if (Shortcut is null && output != input)
        {
            var stride = Math.Max(1, input.Height / output.Height);
            Shortcut = new Sequential([new Conv2D(output.Channels, kernel: 1, stride, Padding.Valid, bias: true)]);
        }

        var shortcutShape = input;
        if (Shortcut is not null)
        {
            context.NeedsInputGradient = needsInputGradient;
            Shortcut.Build(input, context);
            shortcutShape = Shortcut.OutputShape;
        }

        if (Main.OutputShape != shortcutShape)
        {
            throw new ArgumentException($"{Name}: the main path gives {Main.OutputShape} but the shortcut gives {shortcutShape}; add a projection.");
        }

        return shortcutShape;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        var main = Main.Forward(input, training);
        var shortcut = Shortcut?.Forward(input, training) ?? input;
        var output = EnsureOutput(ref _output, OutputShape, input.Batch);
        Vectorized.AddRelu(main.Span, shortcut.Span, output.Span);
        return output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        var sum = EnsureOutput(ref _sumGradient, OutputShape, outputGradient.Batch);
        ReLU.Backward(_output!.Span, outputGradient.Span, sum.Span);
        var main = Main.Backward(sum);
        var shortcut = Shortcut is null ? sum : Shortcut.Backward(sum);
        if (!NeedsInputGradient)
        {
            return null!;
        }

        var gradient = EnsureOutput(ref _inputGradient, InputShape, outputGradient.Batch);
        TensorPrimitives.Add(main.Span, shortcut.Span, gradient.Span);
        return gradient;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var main = Main.ExportOnnx(graph, input);
        var shortcut = Shortcut?.ExportOnnx(graph, input) ?? input;
        var sum = graph.AddNode("Add", $"{Name}.add", [main, shortcut]);
        return graph.AddNode("Relu", $"{Name}.relu", [sum]);
    }
}
