namespace Ensemble.Training.Tensors;

/// <summary>The shape of one sample in NCHW order, without the batch dimension.</summary>
public readonly record struct TensorShape(int Channels, int Height, int Width)
{
    public int Size => Channels * Height * Width;

    public int Plane => Height * Width;

    public static TensorShape Vector(int length) => new(length, 1, 1);

    public override string ToString() => Height == 1 && Width == 1 ? $"[{Channels}]" : $"[{Channels}×{Height}×{Width}]";
}
