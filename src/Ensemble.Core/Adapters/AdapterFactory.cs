using System.Globalization;
using Ensemble.Core.Sidecars;
using Ensemble.Tasks;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Adapters;

/// <summary>
/// Works out how a member meets its task from what its ONNX graph declares and what its sidecar states, or says
/// why it cannot. Defaults follow the graph: a rank-4 input with C in dimension 1 is NCHW, with C last NHWC, a
/// rank-2 input flat; the float [N,K] output holds the class scores. The output kind is left to a probe unless the
/// sidecar states it.
/// </summary>
public static class AdapterFactory
{
    /// <summary>The adapter, and whether its output kind must still be found by probing; or the problem.</summary>
    public static (ModelAdapter? Adapter, bool ProbeKind, string? Problem) Create(
        IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs, ModelSidecar? sidecar, TaskDefinition task)
    {
        var (inputName, input, inputProblem) = PickInput(inputs, sidecar?.Input?.Name);
        if (inputProblem is not null)
        {
            return (null, false, inputProblem);
        }

        var (layout, fixedBatch, shape, layoutProblem) = Layout(inputName!, input!, sidecar?.Input?.Layout, task);
        if (layoutProblem is not null)
        {
            return (null, false, layoutProblem);
        }

        var (outputName, outputProblem) = PickOutput(outputs, sidecar?.Output?.Name, task.Classes.Count);
        if (outputProblem is not null)
        {
            return (null, false, outputProblem);
        }

        var (kind, probe, kindProblem) = Kind(sidecar?.Output?.Kind);
        var (order, classProblem) = ClassOrder(sidecar?.ModelClasses, task);
        var (channels, plane) = task.Kind == TaskKind.Image ? (task.Input.Channels, task.Input.Height * task.Input.Width) : (task.Input.Features, 1);
        var normalizationProblem = Normalization(sidecar?.Input, task, channels);
        var (flip, augmentationProblem) = TestTimeAugmentation(sidecar?.TestTimeAugmentation, task);
        if ((kindProblem ?? classProblem ?? normalizationProblem ?? augmentationProblem) is { } problem)
        {
            return (null, false, problem);
        }

        var adapter = new ModelAdapter
        {
            InputName = inputName!,
            Layout = layout,
            InputShape = shape!,
            FixedBatch = fixedBatch,
            Channels = channels,
            Plane = plane,
            Scale = sidecar?.Input?.Scale ?? 1f,
            Mean = sidecar?.Input?.Mean,
            Std = sidecar?.Input?.Std,
            OutputName = outputName!,
            OutputKind = kind,
            ClassOrder = order,
            Classes = task.Classes.Count,
            FlipAverage = flip,
            Width = task.Kind == TaskKind.Image ? task.Input.Width : 1,
        };
        return (adapter, probe, null);
    }

    private static (bool Flip, string? Problem) TestTimeAugmentation(string? stated, TaskDefinition task) => stated switch
    {
        null or "" or "none" => (false, null),
        "horizontalFlip" when task.Kind == TaskKind.Image => (true, null),
        "horizontalFlip" => (false, "its sidecar asks for horizontalFlip test-time augmentation, which needs an image task"),
        _ => (false, $"its sidecar's testTimeAugmentation is '{stated}'; it may be \"horizontalFlip\" or \"none\""),
    };

    /// <summary>How a shape reads in messages: [N,3,32,32], with N for a symbolic dimension.</summary>
    public static string Describe(NodeMetadata node) =>
        node.IsTensor
            ? $"{TypeName(node.ElementType)} [{string.Join(",", node.Dimensions.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture)))}]"
            : node.OnnxValueType switch
            {
                OnnxValueType.ONNX_TYPE_SEQUENCE => "a sequence",
                OnnxValueType.ONNX_TYPE_MAP => "a map",
                _ => node.OnnxValueType.ToString(),
            };

    private static (string? Name, NodeMetadata? Input, string? Problem) PickInput(IReadOnlyDictionary<string, NodeMetadata> inputs, string? named)
    {
        if (named is not null)
        {
            return inputs.TryGetValue(named, out var chosen)
                ? (named, chosen, null)
                : (null, null, $"its sidecar names input '{named}', but its inputs are {List(inputs.Keys)}");
        }

        return inputs.Count == 1
            ? (inputs.Keys.Single(), inputs.Values.Single(), null)
            : (null, null, $"it has {inputs.Count} inputs ({List(inputs.Keys)}); serving feeds one, so name it in the sidecar's input.name");
    }

    private static (InputLayout Layout, bool FixedBatch, long[]? Shape, string? Problem) Layout(string name, NodeMetadata input, string? stated, TaskDefinition task)
    {
        if (!input.IsTensor || input.ElementType != typeof(float))
        {
            return Refuse($"its input '{name}' is {Describe(input)}; serving feeds float32 tensors");
        }

        InputLayout? wanted = stated?.ToUpperInvariant() switch
        {
            null => null,
            "NCHW" => InputLayout.Nchw,
            "NHWC" => InputLayout.Nhwc,
            "FLAT" => InputLayout.Flat,
            _ => (InputLayout)(-1),
        };
        if (wanted == (InputLayout)(-1))
        {
            return Refuse($"its sidecar's input.layout is '{stated}'; it must be \"NCHW\", \"NHWC\" or \"flat\"");
        }

        var dims = input.Dimensions;
        var (c, h, w) = (task.Input.Channels, task.Input.Height, task.Input.Width);
        static bool Fits(int dim, int size) => dim < 0 || dim == size;
        InputLayout? found = task.Kind == TaskKind.Features
            ? dims.Length == 2 && Fits(dims[1], task.Input.Features) ? InputLayout.Flat : null
            : dims switch
            {
                [_, var a, var b, var d] when wanted != InputLayout.Nhwc && Fits(a, c) && Fits(b, h) && Fits(d, w) && wanted != InputLayout.Flat => InputLayout.Nchw,
                [_, var a, var b, var d] when wanted != InputLayout.Nchw && Fits(a, h) && Fits(b, w) && Fits(d, c) && wanted != InputLayout.Flat => InputLayout.Nhwc,
                // [N,H,W] holds one channel exactly as [N,1,H,W] does.
                [_, var a, var b] when c == 1 && wanted != InputLayout.Nhwc && wanted != InputLayout.Flat && Fits(a, h) && Fits(b, w) => InputLayout.Nchw,
                [_, var a] when (wanted is null or InputLayout.Flat) && Fits(a, c * h * w) => InputLayout.Flat,
                _ => null,
            };
        if (found is null)
        {
            var expected = task.Kind == TaskKind.Features
                ? $"[N,{task.Input.Features}]"
                : wanted switch
                {
                    InputLayout.Nchw => $"[N,{c},{h},{w}]",
                    InputLayout.Nhwc => $"[N,{h},{w},{c}]",
                    InputLayout.Flat => $"[N,{c * h * w}]",
                    _ => $"[N,{c},{h},{w}], [N,{h},{w},{c}] or [N,{c * h * w}]",
                };
            return Refuse($"its input '{name}' is {Describe(input)}; task '{task.Name}' takes {task.Input} input, so serving needs float {expected}");
        }

        if (dims[0] > 1)
        {
            return Refuse($"its input '{name}' has a batch dimension fixed at {dims[0]}; export it with a dynamic batch (or a batch of 1)");
        }

        // Symbolic sizes other than the batch take the task's.
        long[] shape = found switch
        {
            InputLayout.Flat => [-1, task.Input.Size],
            InputLayout.Nhwc => [-1, h, w, c],
            _ when dims.Length == 3 => [-1, h, w],
            _ => [-1, c, h, w],
        };
        return (found.Value, dims[0] == 1, shape, null);

        static (InputLayout, bool, long[]?, string?) Refuse(string problem) => (default, false, null, problem);
    }

    private static (string? Name, string? Problem) PickOutput(IReadOnlyDictionary<string, NodeMetadata> outputs, string? named, int classes)
    {
        bool Scores(NodeMetadata node) => node.IsTensor && node.ElementType == typeof(float) && node.Dimensions.Length == 2;
        if (named is not null)
        {
            if (!outputs.TryGetValue(named, out var chosen))
            {
                return (null, $"its sidecar names output '{named}', but its outputs are {List(outputs.Keys)}");
            }

            return Scores(chosen) ? CheckClasses(named, chosen, classes) : (null, $"its output '{named}' is {Describe(chosen)}; serving needs float [N,{classes}] class scores");
        }

        var candidates = outputs.Where(o => Scores(o.Value)).ToList();
        if (candidates.Count == 1)
        {
            return CheckClasses(candidates[0].Key, candidates[0].Value, classes);
        }

        if (candidates.Count > 1)
        {
            return (null, $"it has {candidates.Count} float [N,K] outputs ({List(candidates.Select(c => c.Key))}); name the one with the class scores in the sidecar's output.name");
        }

        if (outputs.FirstOrDefault(o => !o.Value.IsTensor) is { Key: not null } zipMap)
        {
            return (null, $"its output '{zipMap.Key}' is {Describe(zipMap.Value)} of maps (scikit-learn's ZipMap), which serving cannot read; export with skl2onnx's options={{'zipmap': False}} so the probabilities are a float [N,{classes}] tensor");
        }

        return (null, $"none of its outputs ({string.Join(", ", outputs.Select(o => $"'{o.Key}' {Describe(o.Value)}"))}) is a float [N,{classes}] tensor of class scores");
    }

    private static (string?, string?) CheckClasses(string name, NodeMetadata output, int classes) =>
        output.Dimensions[1] < 0 || output.Dimensions[1] == classes
            ? (name, null)
            : (null, $"its output '{name}' is {Describe(output)}: {output.Dimensions[1]} classes, but its task has {classes}");

    private static (OutputKind Kind, bool Probe, string? Problem) Kind(string? stated) => stated?.ToLowerInvariant() switch
    {
        null or "auto" => (OutputKind.Probabilities, true, null),
        "probabilities" => (OutputKind.Probabilities, false, null),
        "logits" => (OutputKind.Logits, false, null),
        _ => (default, false, $"its sidecar's output.kind is '{stated}'; it must be \"probabilities\", \"logits\" or \"auto\""),
    };

    private static (int[]? Order, string? Problem) ClassOrder(IReadOnlyList<string>? modelClasses, TaskDefinition task)
    {
        if (modelClasses is null)
        {
            return (null, null);
        }

        var problems = new List<string>();
        if (modelClasses.Count != task.Classes.Count)
        {
            problems.Add($"its sidecar lists {modelClasses.Count} classes for a task of {task.Classes.Count}");
        }

        var foreign = modelClasses.Where(c => !task.Classes.Contains(c)).ToList();
        var missing = task.Classes.Where(c => !modelClasses.Contains(c)).ToList();
        var repeated = modelClasses.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (foreign.Count > 0)
        {
            problems.Add($"its classes {List(foreign)} are not task '{task.Name}''s");
        }

        if (missing.Count > 0)
        {
            problems.Add($"it lacks the task's classes {List(missing)}");
        }

        if (repeated.Count > 0)
        {
            problems.Add($"its sidecar repeats {List(repeated)}");
        }

        if (problems.Count > 0)
        {
            return (null, string.Join("; ", problems));
        }

        var index = task.Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var order = modelClasses.Select(c => index[c]).ToArray();
        return (order.Select((t, k) => t == k).All(same => same) ? null : order, null);
    }

    private static string? Normalization(SidecarInput? input, TaskDefinition task, int channels)
    {
        if (input is null)
        {
            return null;
        }

        var unit = task.Kind == TaskKind.Image ? "channel" : "feature";
        if (input.Scale is { } scale && (!float.IsFinite(scale) || scale == 0))
        {
            return $"its sidecar's input.scale is {scale}; it must be a finite, non-zero number";
        }

        foreach (var (field, values, nonZero) in new[] { ("mean", input.Mean, false), ("std", input.Std, true) })
        {
            if (values is null)
            {
                continue;
            }

            if (values.Count != 1 && values.Count != channels)
            {
                return $"its sidecar's input.{field} has {values.Count} values; give one, or one per {unit} ({channels})";
            }

            if (values.Any(v => !float.IsFinite(v) || (nonZero && v == 0)))
            {
                return $"its sidecar's input.{field} holds {(nonZero ? "a zero or " : "")}a value that is not a finite number";
            }
        }

        return null;
    }

    private static string List(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string TypeName(Type type) => type == typeof(float) ? "float" : type == typeof(double) ? "double" : type == typeof(long) ? "int64" : type.Name;
}
