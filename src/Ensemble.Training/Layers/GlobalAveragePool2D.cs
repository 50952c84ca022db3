using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>Averages each channel's plane to one value: [C×H×W] → [C]. Exported as GlobalAveragePool then Flatten.</summary>
public sealed class GlobalAveragePool2D : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;

    protected override string NamePrefix => "gap";

    protected override TensorShape OnBuild(TensorShape input, BuildContext context) => TensorShape.Vector(input.Channels);

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, InputShape, Name);
        var output = EnsureOutput(ref _output, OutputShape, input.Batch);
        var plane = InputShape.Plane;
        var values = output.Span;
        for (var n = 0; n < input.Batch; n++)
        {
            for (var c = 0; c < InputShape.Channels; c++)
            {
                values[n * InputShape.Channels + c] = TensorPrimitives.Sum(input.Plane(n, c)) / plane;
            }
        }

        return output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        var gradient = EnsureOutput(ref _inputGradient, InputShape, outputGradient.Batch);
        var dy = outputGradient.Span;
        var inverse = 1f / InputShape.Plane;
        for (var n = 0; n < outputGradient.Batch; n++)
        {
            for (var c = 0; c < InputShape.Channels; c++)
            {
                gradient.Plane(n, c).Fill(dy[n * InputShape.Channels + c] * inverse);
            }
        }

        return gradient;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var pooled = graph.AddNode("GlobalAveragePool", Name, [input]);
        return graph.AddNode("Flatten", $"{Name}.flatten", [pooled], OnnxGraphBuilder.Int("axis", 1));
    }
}
