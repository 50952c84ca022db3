namespace Ensemble.Training.Kernels;

/// <summary>Sizes of a 2-D convolution over one image, with symmetric zero padding.</summary>
public readonly record struct ConvGeometry(int Channels, int Height, int Width, int Kernel, int Stride, int Pad)
{
    public int OutHeight => (Height + 2 * Pad - Kernel) / Stride + 1;

    public int OutWidth => (Width + 2 * Pad - Kernel) / Stride + 1;

    public int OutPlane => OutHeight * OutWidth;

    /// <summary>Rows of the unfolded (im2col) matrix: one per input channel and kernel tap.</summary>
    public int PatchSize => Channels * Kernel * Kernel;
}
