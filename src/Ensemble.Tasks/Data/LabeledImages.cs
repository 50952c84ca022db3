namespace Ensemble.Tasks.Data;

/// <summary>Grayscale images (one byte per pixel, row-major) with their class labels.</summary>
public sealed class LabeledImages
{
    public LabeledImages(byte[] pixels, byte[] labels, int height, int width)
    {
        if (pixels.Length != labels.Length * height * width)
        {
            throw new ArgumentException($"{pixels.Length} pixels do not make {labels.Length} images of {height}×{width}.");
        }

        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
    }

    public byte[] Pixels { get; }

    public byte[] Labels { get; }

    public int Height { get; }

    public int Width { get; }

    public int Count => Labels.Length;

    public int ImageSize => Height * Width;

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);

    public LabeledImages Slice(int start, int count) =>
        new(Pixels.AsSpan(start * ImageSize, count * ImageSize).ToArray(), Labels.AsSpan(start, count).ToArray(), Height, Width);

    /// <summary>The first <paramref name="count"/> images, or all of them.</summary>
    public LabeledImages Take(int? count) => count is { } n && n < Count ? Slice(0, n) : this;

    /// <summary>The same images as one-channel task input (bytes, served as value / 255).</summary>
    public LabeledSamples ToSamples() => LabeledSamples.FromBytes(Pixels, [.. Labels.Select(l => (int)l)], ImageSize);

    /// <summary>Pixels scaled to [0, 1] into an NCHW buffer, the model's input convention.</summary>
    public void CopyScaled(int index, Span<float> destination)
    {
        var image = Image(index);
        for (var i = 0; i < image.Length; i++)
        {
            destination[i] = image[i] * (1f / 255f);
        }
    }
}
