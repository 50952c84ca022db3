namespace Ensemble.Core.Adapters;

/// <summary>
/// How one member meets its task's contract. In: the task's raw input (C×H×W floats channels first, or F features)
/// becomes the model's tensor, laid out as it wants and normalized as <c>(x · scale − mean) / std</c> per channel
/// (per feature for a features task). Out: the model's K values become probabilities in the task's class order,
/// through a softmax when they are logits. With test-time augmentation each row runs twice, as it is and mirrored
/// left to right (model rows 2r and 2r + 1), and the two answers are averaged. An adapter that changes nothing
/// costs nothing: the runners hand the caller's buffers straight to the model.
/// </summary>
public sealed record ModelAdapter
{
    private float[][]? _affines;

    public required string InputName { get; init; }

    public required InputLayout Layout { get; init; }

    /// <summary>The model's input shape with the batch first; the batch entry is set per run.</summary>
    public required long[] InputShape { get; init; }

    /// <summary>The model's batch dimension is fixed at 1, so it runs one row at a time.</summary>
    public bool FixedBatch { get; init; }

    /// <summary>Channels of an image task (the unit <see cref="Mean"/> and <see cref="Std"/> count); features of a features task.</summary>
    public required int Channels { get; init; }

    /// <summary>Floats per channel: H·W for an image task, 1 for a features task.</summary>
    public required int Plane { get; init; }

    public float Scale { get; init; } = 1f;

    /// <summary>One value, or one per channel (per feature).</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>One value, or one per channel (per feature).</summary>
    public IReadOnlyList<float>? Std { get; init; }

    public required string OutputName { get; init; }

    public required OutputKind OutputKind { get; init; }

    /// <summary>Whether <see cref="OutputKind"/> was found by probing the model rather than stated in its sidecar.</summary>
    public bool OutputKindDetected { get; init; }

    /// <summary>ClassOrder[k] is the task's index of the model's class k; null when the model already uses the task's order.</summary>
    public IReadOnlyList<int>? ClassOrder { get; init; }

    /// <summary>The task's class count, which is the model's too.</summary>
    public required int Classes { get; init; }

    /// <summary>Each image also runs mirrored left to right, and the member serves the mean of both answers.</summary>
    public bool FlipAverage { get; init; }

    /// <summary>The image's width, which a mirror reverses; 1 for a features task.</summary>
    public int Width { get; init; } = 1;

    /// <summary>Model rows per row of the task's input: 2 with test-time augmentation.</summary>
    public int RowsPerSample => FlipAverage ? 2 : 1;

    /// <summary>Floats per row, in and out of the model alike.</summary>
    public int SampleSize => Channels * Plane;

    public bool IsIdentityInput => (Layout != InputLayout.Nhwc || Channels == 1 || Plane == 1) && Scale == 1f && Mean is null && Std is null && !FlipAverage;

    public bool IsIdentityOutput => OutputKind == OutputKind.Probabilities && ClassOrder is null && !FlipAverage;

    /// <summary>The model's shape for a run of <paramref name="rows"/> rows.</summary>
    public long[] Shape(int rows)
    {
        var shape = (long[])InputShape.Clone();
        shape[0] = rows;
        return shape;
    }

    /// <summary>Rows of the task's raw input into the model's layout and normalization: <see cref="RowsPerSample"/> model rows each.</summary>
    public void PrepareInput(ReadOnlySpan<float> task, Span<float> model, int rows)
    {
        var size = SampleSize;
        Span<float> mirrored = FlipAverage ? (size <= 4096 ? stackalloc float[size] : new float[size]) : [];
        for (var r = 0; r < rows; r++)
        {
            var source = task.Slice(r * size, size);
            if (FlipAverage)
            {
                Prepare(source, model.Slice(2 * r * size, size));
                Mirror(source, mirrored);
                Prepare(mirrored, model.Slice((2 * r + 1) * size, size));
            }
            else
            {
                Prepare(source, model.Slice(r * size, size));
            }
        }
    }

    // Each row of every channel plane reversed: the picture mirrored left to right.
    private void Mirror(ReadOnlySpan<float> source, Span<float> destination)
    {
        for (var start = 0; start < source.Length; start += Width)
        {
            source.Slice(start, Width).CopyTo(destination.Slice(start, Width));
            destination.Slice(start, Width).Reverse();
        }
    }

    private void Prepare(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (Layout == InputLayout.Nhwc && Channels > 1 && Plane > 1)
        {
            for (var c = 0; c < Channels; c++)
            {
                var plane = source.Slice(c * Plane, Plane);
                for (var p = 0; p < plane.Length; p++)
                {
                    destination[p * Channels + c] = Normalize(plane[p], c);
                }
            }
        }
        else if (Plane == 1)
        {
            // A features task normalizes each feature by its own mean and std: one vector pass per row.
            var affines = Affines();
            TensorPrimitives.FusedMultiplyAdd(source, affines[0], affines[1], destination);
        }
        else
        {
            for (var c = 0; c < Channels; c++)
            {
                var (multiply, add) = Affine(c);
                var target = destination.Slice(c * Plane, Plane);
                TensorPrimitives.Multiply(source.Slice(c * Plane, Plane), multiply, target);
                TensorPrimitives.Add(target, add, target);
            }
        }
    }

    /// <summary>
    /// <see cref="RowsPerSample"/> model rows per task row into probabilities in the task's class order (their mean
    /// with test-time augmentation).
    /// </summary>
    public void FinishOutput(ReadOnlySpan<float> model, Span<float> task, int rows)
    {
        Span<float> row = Classes <= 1024 ? stackalloc float[Classes] : new float[Classes];
        var views = RowsPerSample;
        for (var r = 0; r < rows; r++)
        {
            var destination = task.Slice(r * Classes, Classes);
            for (var v = 0; v < views; v++)
            {
                var source = model.Slice((r * views + v) * Classes, Classes);
                if (OutputKind == OutputKind.Logits)
                {
                    TensorPrimitives.SoftMax(source, row);
                }
                else
                {
                    source.CopyTo(row);
                }

                for (var k = 0; k < Classes; k++)
                {
                    var target = ClassOrder is null ? k : ClassOrder[k];
                    destination[target] = v == 0 ? row[k] : destination[target] + row[k];
                }
            }

            if (views > 1)
            {
                TensorPrimitives.Divide(destination, views, destination);
            }
        }
    }

    // Per-feature multipliers and addends, made on first use; a race makes equal arrays twice, harmlessly.
    private float[][] Affines()
    {
        if (_affines is { } made)
        {
            return made;
        }

        var multiply = new float[Channels];
        var add = new float[Channels];
        for (var c = 0; c < Channels; c++)
        {
            (multiply[c], add[c]) = Affine(c);
        }

        return _affines = [multiply, add];
    }

    private float Normalize(float x, int channel)
    {
        var (multiply, add) = Affine(channel);
        return x * multiply + add;
    }

    // (x·scale − mean) / std as x·(scale/std) + (−mean/std).
    private (float Multiply, float Add) Affine(int channel)
    {
        var mean = Mean is null ? 0f : Mean[Mean.Count == 1 ? 0 : channel];
        var std = Std is null ? 1f : Std[Std.Count == 1 ? 0 : channel];
        return (Scale / std, -mean / std);
    }
}
