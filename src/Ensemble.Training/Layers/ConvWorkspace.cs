namespace Ensemble.Training.Layers;

/// <summary>Scratch one parallel chunk of a convolution reuses every batch: unfolded columns, GEMM output and partial gradients.</summary>
internal sealed class ConvWorkspace
{
    public float[] Columns = [];
    public float[] Product = [];
    public float[] WeightGradient = [];
    public float[] BiasGradient = [];
    public bool HasWork;

    public static float[] Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer;
    }
}
