namespace Ensemble.Training.Tensors;

/// <summary>
/// A contiguous float32 NCHW batch. The buffer only grows: a layer keeps one tensor per output and
/// reuses it every batch, so the training loop allocates nothing once the largest batch has been seen.
/// </summary>
public sealed class Tensor
{
    private float[] _data;

    public Tensor(TensorShape shape, int batch = 0)
    {
        Shape = shape;
        _data = new float[Math.Max(batch, 0) * shape.Size];
        Batch = batch;
    }

    public TensorShape Shape { get; private set; }

    public int Batch { get; private set; }

    public int Length => Batch * Shape.Size;

    public Span<float> Span => _data.AsSpan(0, Length);

    /// <summary>The whole underlying array; only the first <see cref="Length"/> elements are meaningful.</summary>
    public float[] Buffer => _data;

    public Span<float> Sample(int n) => _data.AsSpan(n * Shape.Size, Shape.Size);

    public Span<float> Plane(int n, int c) => _data.AsSpan((n * Shape.Channels + c) * Shape.Plane, Shape.Plane);

    public static Tensor FromArray(TensorShape shape, float[] data)
    {
        if (data.Length % shape.Size != 0)
        {
            throw new ArgumentException($"{data.Length} values do not make whole samples of {shape}.", nameof(data));
        }

        var tensor = new Tensor(shape);
        tensor._data = data;
        tensor.Batch = data.Length / shape.Size;
        return tensor;
    }

    /// <summary>Sets the batch size, growing the buffer only when it is too small. Contents are unspecified afterwards.</summary>
    public void Resize(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        var needed = batch * Shape.Size;
        if (_data.Length < needed)
        {
            _data = new float[needed];
        }

        Batch = batch;
    }

    /// <summary>Reinterprets the per-sample shape; the sample size must not change.</summary>
    public void Reshape(TensorShape shape)
    {
        if (shape.Size != Shape.Size)
        {
            throw new ArgumentException($"Cannot view {Shape} as {shape}.", nameof(shape));
        }

        Shape = shape;
    }

    public void Clear() => Span.Clear();
}
