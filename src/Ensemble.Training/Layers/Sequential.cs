using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>Layers applied one after another.</summary>
public sealed class Sequential(IEnumerable<Layer> layers) : Layer
{
    private readonly Layer[] _layers = [.. layers];

    public IReadOnlyList<Layer> Layers => _layers;

    protected override string NamePrefix => "sequential";

    public override IEnumerable<Layer> Children => _layers;

    public override IEnumerable<Parameter> Parameters => _layers.SelectMany(l => l.Parameters);

    public override IEnumerable<(string Name, float[] Values)> Buffers => _layers.SelectMany(l => l.Buffers);

    public override long Flops => _layers.Sum(l => l.Flops);

    protected override TensorShape OnBuild(TensorShape input, BuildContext context)
    {
        var shape = input;
        foreach (var layer in _layers)
        {
            layer.Build(shape, context);
            shape = layer.OutputShape;
        }

        return shape;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.Forward(x, training);
        }

        return x;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        var g = outputGradient;
        for (var i = _layers.Length - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g);
        }

        return g;
    }

    public override string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.ExportOnnx(graph, x);
        }

        return x;
    }
}
