using System.Globalization;
using Ensemble.Training.Layers;
using Ensemble.Training.Onnx;
using Ensemble.Training.Onnx.Proto;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Networks;

/// <summary>A built network: layers from input to logits, with its parameters, summary and ONNX export.</summary>
public sealed class Network
{
    private readonly Sequential _body;
    private Tensor? _probabilities;

    public Network(string architecture, TensorShape input, IEnumerable<Layer> layers, int seed)
    {
        Architecture = architecture;
        InputShape = input;
        _body = new Sequential(layers);
        var context = new BuildContext(seed) { NeedsInputGradient = false };
        _body.Build(input, context);
        Parameters = [.. _body.Parameters];
        Buffers = [.. _body.Buffers];
        Classes = _body.OutputShape.Size;
    }

    public string Architecture { get; }

    public TensorShape InputShape { get; }

    public int Classes { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    public IReadOnlyList<(string Name, float[] Values)> Buffers { get; }

    public Sequential Body => _body;

    public long ParameterCount => Parameters.Sum(p => (long)p.Length);

    /// <summary>Forward FLOPs per image (2 per multiply-add of the convolutions and dense layers).</summary>
    public long Flops => _body.Flops;

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Architecture}: {ParameterCount:N0} parameters, {Flops / 1e6:F1} MFLOP forward per image");

    public Tensor Forward(Tensor input, bool training) => _body.Forward(input, training);

    public void Backward(Tensor logitGradient) => _body.Backward(logitGradient);

    /// <summary>Inference-mode class probabilities, [batch × classes]; the returned tensor is reused by the next call.</summary>
    public Tensor Predict(Tensor input)
    {
        var logits = Forward(input, training: false);
        _probabilities ??= new Tensor(logits.Shape);
        _probabilities.Resize(logits.Batch);
        SoftmaxCrossEntropy.Softmax(logits, _probabilities.Span);
        return _probabilities;
    }

    /// <summary>The inference graph as ONNX: input "input" [N,C,H,W] in [0,1], output "probabilities" [N,classes].</summary>
    public ModelProto ToOnnx(IReadOnlyDictionary<string, string> metadata)
    {
        var graph = new OnnxGraphBuilder();
        const string input = "input";
        var logits = _body.ExportOnnx(graph, input);
        graph.AddNode("Softmax", "probabilities", [logits], OnnxGraphBuilder.Int("axis", 1));
        return graph.Build(input, [-1, InputShape.Channels, InputShape.Height, InputShape.Width], "probabilities", [-1, Classes], metadata);
    }

    /// <summary>Every layer, depth first, for summaries.</summary>
    public IEnumerable<Layer> AllLayers() => Flatten(_body);

    private static IEnumerable<Layer> Flatten(Layer layer)
    {
        yield return layer;
        foreach (var child in layer.Children.SelectMany(Flatten))
        {
            yield return child;
        }
    }
}
