using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Ensemble.Tasks;

namespace Ensemble.Web.OpenInference;

/// <summary>
/// Reads the one input every model takes, whichever way a protocol carried it (JSON numbers, typed FP32 contents
/// or raw little-endian bytes), into the task's raw input: one row per sample, pixels in [0, 1] or finite features.
/// A request that breaks a rule is refused with the rule it broke.
/// </summary>
internal static class OipInputs
{
    /// <summary>Checks the input's name, datatype and shape against the task and returns how many samples it holds.</summary>
    public static int Count(string name, string datatype, IReadOnlyList<long> shape, TaskDefinition task, int maxBatch)
    {
        if (name != OipProtocol.Input)
        {
            throw Invalid($"The input is named \"{OipProtocol.Input}\", not \"{name}\".");
        }

        if (datatype != OipProtocol.Fp32)
        {
            throw Invalid($"The input's datatype is {OipProtocol.Fp32}, not {datatype}.");
        }

        var sample = task.Input.Shape.Select(d => (long)d).ToArray();
        var fits = shape.Count > 1 && (shape.Skip(1).SequenceEqual(sample) || (shape.Count == 2 && shape[1] == task.Input.Size));
        var count = fits ? shape[0] : -1;
        if (count < 1 || count > maxBatch)
        {
            var shapes = task.Kind == TaskKind.Image ? $"[N,{string.Join(",", sample)}] or [N,{task.Input.Size}]" : $"[N,{task.Input.Size}]";
            throw Invalid($"The input's shape must be {shapes} with N from 1 to {maxBatch} for task '{task.Name}'; got [{string.Join(",", shape)}].");
        }

        return (int)count;
    }

    /// <summary>Raw contents: <paramref name="count"/> rows of FP32, little-endian, row-major, nothing more or less.</summary>
    public static float[] FromBytes(ReadOnlySpan<byte> raw, int count, TaskDefinition task)
    {
        var values = new float[count * task.Input.Size];
        if (raw.Length != values.Length * sizeof(float))
        {
            throw Invalid($"The input's raw contents hold {raw.Length} bytes; {count} sample(s) of {task.Input.Size} FP32 values need {values.Length * sizeof(float)}.");
        }

        if (BitConverter.IsLittleEndian)
        {
            raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
            }
        }

        return Checked(values, task);
    }

    /// <summary>Typed contents (gRPC's fp32_contents).</summary>
    public static float[] FromFloats(IReadOnlyList<float> data, int count, TaskDefinition task)
    {
        var values = new float[count * task.Input.Size];
        if (data.Count != values.Length)
        {
            throw Invalid($"The input's contents hold {data.Count} values; {count} sample(s) of {task.Input.Size} need {values.Length}.");
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = data[i];
        }

        return Checked(values, task);
    }

    /// <summary>JSON data, flat or nested, row-major.</summary>
    public static float[] FromJson(JsonElement data, int count, TaskDefinition task)
    {
        var values = new float[count * task.Input.Size];
        var filled = 0;
        Flatten(data, values, ref filled, task.Kind == TaskKind.Image);
        return filled != values.Length
            ? throw Invalid($"The input's data holds {filled} values; {count} sample(s) of {task.Input.Size} need {values.Length}.")
            : values;
    }

    private static void Flatten(JsonElement data, float[] destination, ref int filled, bool pixels)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("The input's data must be an array of numbers.");
        }

        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(item, destination, ref filled, pixels);
                continue;
            }

            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out var value) || !Acceptable(value, pixels))
            {
                throw Invalid($"data[{filled}] is {item.GetRawText()}; every value must be {Rule(pixels)}.");
            }

            if (filled == destination.Length)
            {
                throw Invalid($"The input's data holds more than the {destination.Length} values its shape needs.");
            }

            destination[filled++] = value;
        }
    }

    private static float[] Checked(float[] values, TaskDefinition task)
    {
        var pixels = task.Kind == TaskKind.Image;
        for (var i = 0; i < values.Length; i++)
        {
            if (!Acceptable(values[i], pixels))
            {
                throw Invalid($"Value {i} of the input is {values[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}; every value must be {Rule(pixels)}.");
            }
        }

        return values;
    }

    private static bool Acceptable(float value, bool pixels) => float.IsFinite(value) && (!pixels || value is >= 0f and <= 1f);

    private static string Rule(bool pixels) => pixels ? "a number in [0, 1]" : "a finite number";

    private static RefusalException Invalid(string message) => new(RefusalKind.Invalid, message, OipProtocol.Input);
}
