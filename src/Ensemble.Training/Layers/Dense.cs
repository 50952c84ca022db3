using Ensemble.Training.Kernels;
using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>A fully connected layer y = x·Wᵀ + b with W stored [units × inputs], exported as Gemm(transB=1).</summary>
public sealed class Dense : Layer
{
    private Parameter _weight = null!;
    private Parameter? _bias;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor _input = null!;

    public Dense(int units, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        Units = units;
        UseBias = bias;
    }

    public int Units { get; }

    public bool UseBias { get; }

    public Parameter Weight => _weight;

    protected override string NamePrefix => "dense";

    public override IEnumerable<Parameter> Parameters => _bias is null ? [_weight] : [_weight, _bias];

    public override long Flops => 2L * Units * InputShape.Size;

    protected override TensorShape OnBuild(TensorShape input, BuildContext context)
    {
        _weight = new Parameter($"{Name}.weight", [Units, input.Size], decays: true);
        context.HeNormal(_weight.Value, input.Size);
        if (UseBias)
        {
            _bias = new Parameter($"{Name}.bias", [Units], decays: false);
            context.FanInUniform(_bias.Value, input.Size);
        }

        return TensorShape.Vector(Units);
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, InputShape, Name);
        _input = input;
        var output = EnsureOutput(ref _output, OutputShape, input.Batch);
        var inputs = InputShape.Size;
        Gemm.Multiply(input.Batch, Units, inputs, input.Span, inputs, 1, _weight.Value, 1, inputs, output.Span, Units, accumulate: false);
        if (_bias is not null)
        {
            for (var n = 0; n < input.Batch; n++)
            {
                TensorPrimitives.Add(output.Sample(n), _bias.Value, output.Sample(n));
            }
        }

        return output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        var batch = outputGradient.Batch;
        var inputs = InputShape.Size;
        var dy = outputGradient.Span;
        // dW = dYᵀ · X
        Gemm.Multiply(Units, inputs, batch, dy, 1, Units, _input.Span, inputs, 1, _weight.Gradient, inputs, accumulate: false);
        if (_bias is not null)
        {
            _bias.Gradient.AsSpan().Clear();
            for (var n = 0; n < batch; n++)
            {
                TensorPrimitives.Add(_bias.Gradient, outputGradient.Sample(n), _bias.Gradient);
            }
        }

        if (!NeedsInputGradient)
        {
            return null!;
        }

        var gradient = EnsureOutput(ref _inputGradient, InputShape, batch);
        // dX = dY · W
        Gemm.Multiply(batch, inputs, Units, dy, Units, 1, _weight.Value, inputs, 1, gradient.Span, inputs, accumulate: false);
        return gradient;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        if (InputShape.Plane != 1)
        {
            input = graph.AddNode("Flatten", $"{Name}.flatten", [input], OnnxGraphBuilder.Int("axis", 1));
        }

        var inputs = new List<string> { input, graph.AddInitializer($"{Name}.weight", _weight.Value, Units, InputShape.Size) };
        if (_bias is not null)
        {
            inputs.Add(graph.AddInitializer($"{Name}.bias", _bias.Value, Units));
        }

        return graph.AddNode("Gemm", Name, [.. inputs], OnnxGraphBuilder.Int("transB", 1));
    }
}
