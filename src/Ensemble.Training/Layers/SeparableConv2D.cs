using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>A depthwise k×k convolution followed by a pointwise 1×1 convolution, as Keras' SeparableConv2D.</summary>
public sealed class SeparableConv2D : Layer
{
    private readonly Sequential _layers;

    public SeparableConv2D(int filters, int kernel = 3, Padding padding = Padding.Same, bool bias = false)
    {
        Depthwise = new DepthwiseConv2D(kernel, padding, bias: false);
        Pointwise = new Conv2D(filters, kernel: 1, stride: 1, Padding.Valid, bias);
        _layers = new Sequential([Depthwise, Pointwise]);
    }

    public DepthwiseConv2D Depthwise { get; }

    public Conv2D Pointwise { get; }

    protected override string NamePrefix => "separable";

    public override IEnumerable<Layer> Children => [Depthwise, Pointwise];

    public override IEnumerable<Parameter> Parameters => _layers.Parameters;

    public override long Flops => _layers.Flops;

    protected override TensorShape OnBuild(TensorShape input, BuildContext context)
    {
        _layers.Build(input, context);
        return _layers.OutputShape;
    }

    public override Tensor Forward(Tensor input, bool training) => _layers.Forward(input, training);

    public override Tensor Backward(Tensor outputGradient) => _layers.Backward(outputGradient);

    public override string ExportOnnx(OnnxGraphBuilder graph, string input) => _layers.ExportOnnx(graph, input);
}
