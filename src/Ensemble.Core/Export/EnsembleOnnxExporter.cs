using System.Globalization;
using System.Text.Json;
using Ensemble.Core.Adapters;
using Ensemble.Core.Ensembling;
using Ensemble.Tasks;
using Ensemble.Training.Onnx;
using Ensemble.Training.Onnx.Proto;
using Google.Protobuf;

namespace Ensemble.Core.Export;

/// <summary>
/// One ONNX model (opset 17) that does what a version serves: it takes the task's raw input, runs every member's
/// own graph (its names prefixed, so members never clash) behind its input adapter as ONNX ops (layout, scale,
/// mean/std), turns its output into probabilities in the task's class order (softmax, reordering), scales them by
/// the member's temperature, and mixes them with the version's weights and temperature. Members from any exporter
/// merge when their graphs stay within what can be renamed safely; otherwise the refusal names the member and why.
/// </summary>
public static class EnsembleOnnxExporter
{
    public const string InputName = "input";
    public const string OutputName = "probabilities";

    // Opsets 13 to 17 of the default domain differ only by added types and optional attributes, so a member written
    // for any of them runs unchanged when declared as 17.
    private const int MinMemberOpset = 13;

    // As the serving path floors a probability before taking its log for a temperature.
    private const float LogFloor = 1e-30f;

    /// <param name="members">Each member of <paramref name="spec"/>, in its order: its adapter and the bytes of its ONNX file.</param>
    public static ModelProto Export(EnsembleSpec spec, TaskDefinition task, IReadOnlyList<(ModelAdapter Adapter, byte[] File)> members)
    {
        if (members.Count != spec.Members.Count)
        {
            throw new ArgumentException($"{members.Count} member files for {spec.Members.Count} members.", nameof(members));
        }

        var graph = new OnnxGraphBuilder();
        var weighted = new List<string>();
        var domains = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var m = 0; m < members.Count; m++)
        {
            var weight = spec.WeightOf(m);
            if (weight == 0f)
            {
                continue;
            }

            var member = spec.Members[m];
            var model = Parse(member.Model, members[m].File);
            foreach (var (domain, version) in OtherDomains(member.Model, model))
            {
                domains[domain] = Math.Max(domains.GetValueOrDefault(domain), version);
            }

            var prefix = $"m{m}.{member.Model}";
            var probabilities = Member(graph, prefix, model, members[m].Adapter, task, member.Model);
            if (member.Temperature != 1f)
            {
                probabilities = Tempered(graph, $"{prefix}!temperature", probabilities, member.Temperature);
            }

            var scale = graph.AddInitializer($"{prefix}!weight", [weight]);
            weighted.Add(graph.AddNode("Mul", $"{prefix}!weighted", [probabilities, scale]));
        }

        var mixture = graph.AddNode("Sum", "ensemble!sum", [.. weighted]);
        if (spec.Temperature != 1f)
        {
            mixture = Tempered(graph, "ensemble!temperature", mixture, spec.Temperature);
        }

        // The last node's output becomes the model's output.
        graph.AddNode("Identity", "ensemble!output", [mixture]);
        graph.RenameLastOutput(OutputName);
        var metadata = new Dictionary<string, string>
        {
            ["ensemble"] = spec.Name,
            ["version"] = spec.Version.ToString(CultureInfo.InvariantCulture),
            ["task"] = task.Name,
            ["class_names"] = JsonSerializer.Serialize(task.Classes),
            ["members"] = JsonSerializer.Serialize(spec.Members.Select((m, i) => new { model = m.Model, sha256 = m.Sha256, weight = spec.WeightOf(i), temperature = m.Temperature })),
            ["temperature"] = spec.Temperature.ToString("R", CultureInfo.InvariantCulture),
        };
        return graph.Build(InputName, [-1, .. task.Input.Shape.Select(d => (long)d)], OutputName, [-1, task.Classes.Count], metadata,
            domains.Select(d => new OperatorSetIdProto { Domain = d.Key, Version = d.Value }), producer: "Ensemble");
    }

    // The member's graph behind its adapter; returns the name of its probabilities in the task's class order.
    private static string Member(OnnxGraphBuilder graph, string prefix, ModelProto model, ModelAdapter adapter, TaskDefinition task, string name)
    {
        if (adapter.FixedBatch)
        {
            throw Refused(name, "its input has a fixed batch of 1; export it with a dynamic batch dimension to merge it");
        }

        var input = Adapted(graph, prefix, adapter, task);
        var members = model.Graph;
        var initializers = members.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var dataInputs = members.Input.Where(i => !initializers.Contains(i.Name)).Select(i => i.Name).ToList();
        if (dataInputs.Count != 1 || dataInputs[0] != adapter.InputName)
        {
            throw Refused(name, $"its graph takes {dataInputs.Count} inputs ({string.Join(", ", dataInputs)}); a member takes one, '{adapter.InputName}'");
        }

        string Renamed(string tensor) => tensor.Length == 0 ? "" : tensor == adapter.InputName ? input : $"{prefix}:{tensor}";
        var needed = Needed(members, adapter.OutputName);
        var produced = needed.SelectMany(n => n.Output).ToHashSet(StringComparer.Ordinal);
        foreach (var node in needed)
        {
            if (node.Attribute.Any(a => a.G.Length > 0 || a.Graphs.Count > 0))
            {
                throw Refused(name, $"its node '{node.Name}' ({node.OpType}) holds a subgraph, which cannot be merged; export the model without control flow");
            }

            var copy = node.Clone();
            copy.Name = $"{prefix}:{(node.Name.Length > 0 ? node.Name : $"{node.OpType}_{members.Node.IndexOf(node)}")}";
            for (var i = 0; i < copy.Input.Count; i++)
            {
                copy.Input[i] = Renamed(copy.Input[i]);
            }

            for (var i = 0; i < copy.Output.Count; i++)
            {
                copy.Output[i] = Renamed(copy.Output[i]);
            }

            graph.Import(copy);
        }

        foreach (var initializer in members.Initializer)
        {
            if (initializer.DataLocation == 1)
            {
                throw Refused(name, $"its initializer '{initializer.Name}' lives in an external file; save the model with its weights inside");
            }

            var copy = initializer.Clone();
            copy.Name = Renamed(initializer.Name);
            graph.Import(copy);
        }

        // The member's declared outputs become inner values: their types go along, because some operators
        // (ai.onnx.ml's Normalizer, say) have no type inference from which the checker could learn them.
        foreach (var info in members.ValueInfo.Concat(members.Output).Where(v => produced.Contains(v.Name)).DistinctBy(v => v.Name))
        {
            var copy = info.Clone();
            copy.Name = Renamed(info.Name);
            // A symbolic dimension is the member's own: its "batch" is not the ensemble's when test-time augmentation
            // doubles the rows, and ONNX Runtime holds every dimension of one name to one size.
            foreach (var dimension in copy.Type?.TensorType?.Shape?.Dim ?? [])
            {
                if (dimension.DimParam.Length > 0)
                {
                    dimension.DimParam = $"{prefix}:{dimension.DimParam}";
                }
            }

            graph.Import(copy);
        }

        var probabilities = Probabilities(graph, prefix, Renamed(adapter.OutputName), adapter);
        return adapter.FlipAverage
            // The batch ran as [images; mirrored images]: the mean of the two halves.
            ? graph.AddNode("ReduceMean", $"{prefix}!flip_mean",
                [graph.AddNode("Reshape", $"{prefix}!views", [probabilities, graph.AddInitializer($"{prefix}!views_shape", [2, -1, adapter.Classes], 3)])],
                OnnxGraphBuilder.Ints("axes", 0), OnnxGraphBuilder.Int("keepdims", 0))
            : probabilities;
    }

    // The task's raw input, laid out and normalized as the member wants it (after its mirror, with test-time augmentation).
    private static string Adapted(OnnxGraphBuilder graph, string prefix, ModelAdapter adapter, TaskDefinition task)
    {
        var x = InputName;
        if (adapter.FlipAverage)
        {
            // Width is the last axis of the task's N×C×H×W input; a step of −1 from its end reverses it.
            var mirrored = graph.AddNode("Slice", $"{prefix}!mirror",
            [
                x, graph.AddInitializer($"{prefix}!mirror_starts", [-1], 1), graph.AddInitializer($"{prefix}!mirror_ends", [-long.MaxValue], 1),
                graph.AddInitializer($"{prefix}!mirror_axes", [3], 1), graph.AddInitializer($"{prefix}!mirror_steps", [-1], 1),
            ]);
            x = graph.AddNode("Concat", $"{prefix}!views_in", [x, mirrored], OnnxGraphBuilder.Int("axis", 0));
        }

        var channels = adapter.Channels;
        var (multiply, add) = Affine(adapter);
        if (multiply.Any(v => v != 1f) || add.Any(v => v != 0f))
        {
            // Per channel of an image (1×C×1×1 against N×C×H×W) or per feature (1×F against N×F).
            long[] dims = task.Kind == TaskKind.Image ? [1, channels, 1, 1] : [1, channels];
            x = graph.AddNode("Mul", $"{prefix}!scale", [x, graph.AddInitializer($"{prefix}!multiply", multiply, dims)]);
            x = graph.AddNode("Add", $"{prefix}!shift", [x, graph.AddInitializer($"{prefix}!add", add, dims)]);
        }

        if (adapter.Layout == InputLayout.Nhwc && task.Kind == TaskKind.Image)
        {
            x = graph.AddNode("Transpose", $"{prefix}!nhwc", [x], OnnxGraphBuilder.Ints("perm", 0, 2, 3, 1));
        }

        long[] current = task.Kind == TaskKind.Image && adapter.Layout == InputLayout.Nhwc
            ? [task.Input.Height, task.Input.Width, task.Input.Channels]
            : [.. task.Input.Shape.Select(d => (long)d)];
        var wanted = adapter.InputShape[1..];
        return wanted.SequenceEqual(current)
            ? x
            : graph.AddNode("Reshape", $"{prefix}!reshape", [x, graph.AddInitializer($"{prefix}!shape", [-1, .. wanted], wanted.Length + 1)]);
    }

    // (x · scale − mean) / std per channel, as the adapter computes it: x · multiply + add.
    private static (float[] Multiply, float[] Add) Affine(ModelAdapter adapter)
    {
        var multiply = new float[adapter.Channels];
        var add = new float[adapter.Channels];
        for (var c = 0; c < adapter.Channels; c++)
        {
            var mean = adapter.Mean is null ? 0f : adapter.Mean[adapter.Mean.Count == 1 ? 0 : c];
            var std = adapter.Std is null ? 1f : adapter.Std[adapter.Std.Count == 1 ? 0 : c];
            (multiply[c], add[c]) = (adapter.Scale / std, -mean / std);
        }

        return (multiply, add);
    }

    // The member's output as probabilities in the task's class order.
    private static string Probabilities(OnnxGraphBuilder graph, string prefix, string output, ModelAdapter adapter)
    {
        var x = graph.AddNode("Reshape", $"{prefix}!rows", [output, graph.AddInitializer($"{prefix}!rows_shape", [-1, adapter.Classes], 2)]);
        if (adapter.OutputKind == OutputKind.Logits)
        {
            x = graph.AddNode("Softmax", $"{prefix}!softmax", [x], OnnxGraphBuilder.Int("axis", 1));
        }

        if (adapter.ClassOrder is { } order)
        {
            // The model's class k is the task's class order[k]: the task's class j comes from the model's inverse[j].
            var inverse = new long[order.Count];
            for (var k = 0; k < order.Count; k++)
            {
                inverse[order[k]] = k;
            }

            x = graph.AddNode("Gather", $"{prefix}!class_order", [x, graph.AddInitializer($"{prefix}!task_order", inverse, inverse.Length)], OnnxGraphBuilder.Int("axis", 1));
        }

        return x;
    }

    // softmax(log(max(p, floor)) / T), as serving scales probabilities.
    private static string Tempered(OnnxGraphBuilder graph, string name, string probabilities, float temperature)
    {
        var floored = graph.AddNode("Max", $"{name}/floor", [probabilities, graph.AddInitializer($"{name}/floor_value", [LogFloor])]);
        var logs = graph.AddNode("Log", $"{name}/log", [floored]);
        var scaled = graph.AddNode("Mul", $"{name}/scale", [logs, graph.AddInitializer($"{name}/inverse", [1f / temperature])]);
        return graph.AddNode("Softmax", $"{name}/softmax", [scaled], OnnxGraphBuilder.Int("axis", 1));
    }

    // The nodes the output depends on, in their order: a member's other outputs (a label, say) are left behind.
    private static List<NodeProto> Needed(GraphProto graph, string output)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal) { output };
        var keep = new bool[graph.Node.Count];
        for (var i = graph.Node.Count - 1; i >= 0; i--)
        {
            var node = graph.Node[i];
            if (node.Output.Any(needed.Contains))
            {
                keep[i] = true;
                needed.UnionWith(node.Input.Where(n => n.Length > 0));
            }
        }

        return [.. graph.Node.Where((_, i) => keep[i])];
    }

    private static ModelProto Parse(string name, byte[] file)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(file);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Refused(name, $"its file is not a readable ONNX model ({e.Message})");
        }

        var opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;
        if (opset is < MinMemberOpset or > OnnxGraphBuilder.Opset)
        {
            throw Refused(name, $"it uses opset {opset} of the default domain; merging takes opsets {MinMemberOpset} to {OnnxGraphBuilder.Opset} (re-export it at opset 17)");
        }

        if (model.Functions.Count > 0)
        {
            throw Refused(name, "it defines local functions, which cannot be merged");
        }

        if (model.Graph.SparseInitializer.Count > 0)
        {
            throw Refused(name, "it has sparse initializers, which cannot be merged");
        }

        return model;
    }

    private static IEnumerable<(string Domain, long Version)> OtherDomains(string name, ModelProto model) =>
        model.OpsetImport.Where(o => o.Domain is not ("" or "ai.onnx")).Select(o => (o.Domain, o.Version));

    private static RefusalException Refused(string member, string why) =>
        new(RefusalKind.Conflict, $"Member '{member}' cannot be merged into one ONNX model: {why}.");
}
