using Ensemble.Training.Onnx.Proto;
using Google.Protobuf;

namespace Ensemble.Training.Onnx;

/// <summary>
/// Collects nodes and initializers while layers export themselves (or while members' graphs are merged into one),
/// then assembles the ModelProto.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph = new() { Name = "ensemble" };
    private readonly HashSet<string> _names = [];

    public string AddInitializer(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian.");
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>An INT64 initializer (shapes, indices).</summary>
    public string AddInitializer(string name, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        var bytes = new byte[values.Length * sizeof(long)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        tensor.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Takes another graph's node, initializer or value info as it is; the tensors it names must be free here.</summary>
    public void Import(NodeProto node)
    {
        // Node names and tensor names are separate in ONNX (a node and its output often share one): only tensors are reserved.
        foreach (var output in node.Output)
        {
            Reserve(output);
        }

        _graph.Node.Add(node);
    }

    public void Import(TensorProto initializer)
    {
        Reserve(initializer.Name);
        _graph.Initializer.Add(initializer);
    }

    public void Import(ValueInfoProto valueInfo) => _graph.ValueInfo.Add(valueInfo);

    /// <summary>Adds a node with one output named after the node and returns that output's name.</summary>
    public string AddNode(string opType, string name, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Unique(name) };
        node.Input.AddRange(inputs);
        node.Output.Add(node.Name);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return node.Name;
    }

    /// <summary>Renames the value produced by the last node, for the graph's public output.</summary>
    public void RenameLastOutput(string name)
    {
        var node = _graph.Node[^1];
        node.Output[0] = Unique(name);
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>
    /// Assembles the model: opset 17 (and any <paramref name="otherDomains"/>), IR 8, a float [batch, C, H, W] input with
    /// a symbolic batch dimension.
    /// </summary>
    public ModelProto Build(
        string inputName, long[] inputShape, string outputName, long[] outputShape, IReadOnlyDictionary<string, string> metadata,
        IEnumerable<OperatorSetIdProto>? otherDomains = null, string producer = "Ensemble.Training")
    {
        _graph.Input.Clear();
        _graph.Output.Clear();
        _graph.Input.Add(ValueInfo(inputName, inputShape));
        _graph.Output.Add(ValueInfo(outputName, outputShape));
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = producer,
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
            ModelVersion = 1,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.OpsetImport.AddRange(otherDomains ?? []);
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    private static ValueInfoProto ValueInfo(string name, long[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var d in shape)
        {
            tensorShape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "batch" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } },
        };
    }

    /// <summary>The default domain's opset every model built here declares.</summary>
    public const int Opset = 17;

    private void Reserve(string name)
    {
        if (name.Length > 0 && !_names.Add(name))
        {
            throw new ArgumentException($"The tensor name '{name}' is already used in this graph.", nameof(name));
        }
    }

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 2; !_names.Add(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }

        return candidate;
    }
}
