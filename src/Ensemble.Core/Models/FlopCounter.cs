using Ensemble.Core.Adapters;
using Ensemble.Training.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Models;

/// <summary>
/// Counts a model's forward FLOPs per input row from its ONNX graph, as the trainer counts its own nets: two per
/// multiply-add of Conv, ConvTranspose, Gemm and MatMul, nothing for element-wise work, pooling or normalization.
/// The shapes come from ONNX Runtime itself: the graph is run once on one row with every counted node's output
/// exposed, so symbolic and data-dependent dimensions are settled the way serving settles them. Used for models
/// whose sidecar states no count (PyTorch, tf2onnx and skl2onnx exports), so their ensembles show a cost too.
/// </summary>
public static class FlopCounter
{
    private static readonly HashSet<string> Counted = ["Conv", "ConvTranspose", "Gemm", "MatMul"];

    // Default-domain ops whose work is large and not counted here: a count that left them out would mislead.
    private static readonly HashSet<string> Uncountable =
        ["Loop", "If", "Scan", "Einsum", "RNN", "GRU", "LSTM", "ConvInteger", "MatMulInteger", "QLinearConv", "QLinearMatMul", "ConvTransposeInteger"];

    /// <summary>
    /// FLOPs per model row (one row of the task's input, before any test-time copies); null when the graph holds ops
    /// of another domain (ai.onnx.ml's classifiers, custom ops) or of <see cref="Uncountable"/>, or when it cannot be
    /// run this way.
    /// </summary>
    public static long? FlopsPerRow(byte[] onnx, ModelAdapter adapter)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }

        var graph = model.Graph;
        if (graph is null || graph.Node.Any(n => n.Domain is not ("" or "ai.onnx") || Uncountable.Contains(n.OpType)))
        {
            return null;
        }

        var nodes = graph.Node.Where(n => Counted.Contains(n.OpType) && n.Output.Count > 0 && n.Input.Count >= 2).ToList();
        if (nodes.Count == 0)
        {
            return 0;
        }

        var constant = graph.Initializer.ToDictionary(t => t.Name, t => t.Dims.ToArray(), StringComparer.Ordinal);
        var exposed = nodes.SelectMany(n => new[] { n.Input[0], n.Input[1], n.Output[0] })
            .Where(name => !constant.ContainsKey(name) && !graph.Input.Any(i => i.Name == name))
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in exposed.Where(name => !graph.Output.Any(o => o.Name == name)))
        {
            // A tensor type with no shape: ONNX Runtime infers the element type and the shape itself.
            graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = ElementType(graph, name) } } });
        }

        try
        {
            var shapes = Run(model.ToByteArray(), adapter, exposed, out var rows);
            return (long)Math.Round(nodes.Sum(n => Flops(n, Shape(n.Input[0]), Shape(n.Input[1]), Shape(n.Output[0]))) / rows);

            long[] Shape(string name) =>
                constant.TryGetValue(name, out var dims) ? dims
                : shapes.TryGetValue(name, out var shape) ? shape
                : name == adapter.InputName ? adapter.Shape(rows)
                : throw new InvalidDataException($"no shape for '{name}'");
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    private static double Flops(NodeProto node, long[] a, long[] b, long[] y) => node.OpType switch
    {
        // Every output value sums input channels ÷ groups × kernel products: the weight's dims after the first.
        "Conv" => 2.0 * Product(y) * Product(b.AsSpan(1)),
        // Every input value is spread over output channels ÷ groups × kernel: the weight's dims after the first.
        "ConvTranspose" => 2.0 * Product(a) * Product(b.AsSpan(1)),
        // Every output value is a dot product along A's last dimension (Gemm's A may be transposed; its other dimension is Y's rows).
        "Gemm" => 2.0 * Product(y) * (Product(a) / Math.Max(y[0], 1)),
        "MatMul" => 2.0 * Product(y) * (a.Length > 0 ? a[^1] : 1),
        _ => 0,
    };

    private static double Product(ReadOnlySpan<long> dims)
    {
        double product = 1;
        foreach (var d in dims)
        {
            product *= d;
        }

        return product;
    }

    private static int ElementType(GraphProto graph, string name) =>
        graph.ValueInfo.FirstOrDefault(v => v.Name == name)?.Type?.TensorType?.ElemType is { } type and not 0 ? type : 1;

    /// <summary>Runs one task row (mid-grey) through the exposed graph; returns every exposed tensor's shape and the model rows run.</summary>
    private static Dictionary<string, long[]> Run(byte[] exposedModel, ModelAdapter adapter, List<string> exposed, out int rows)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(exposedModel, options);
        rows = adapter.FixedBatch ? 1 : adapter.RowsPerSample;
        var task = new float[adapter.SampleSize];
        task.AsSpan().Fill(0.5f);
        var input = new float[adapter.RowsPerSample * adapter.SampleSize];
        if (adapter.IsIdentityInput)
        {
            task.CopyTo(input, 0);
        }
        else
        {
            adapter.PrepareInput(task, input, 1);
        }

        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, rows * adapter.SampleSize), adapter.Shape(rows));
        using var run = new RunOptions();
        using var outputs = session.Run(run, [adapter.InputName], [value], exposed);
        return exposed.Select((name, i) => (name, shape: outputs[i].GetTensorTypeAndShape().Shape)).ToDictionary(p => p.name, p => p.shape, StringComparer.Ordinal);
    }
}
