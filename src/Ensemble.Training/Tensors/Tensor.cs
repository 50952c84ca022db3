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
}
