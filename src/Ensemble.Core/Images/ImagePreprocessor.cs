using SkiaSharp;

namespace Ensemble.Core.Images;

/// <summary>
/// Turns a PNG or JPEG of any size into what the models saw in training, the way Fashion-MNIST was made: grayscale,
/// the object scaled to fit 28×28 keeping its aspect ratio and centred on black, light object on dark ground, pixels in
/// [0, 1]. Photos of dark objects on light ground need <c>invert</c>.
/// </summary>
public sealed class ImagePreprocessor(ImageLimits limits)
{
    public const int Size = 28;

    public float[] Prepare(ReadOnlySpan<byte> encoded, bool invert)
    {
        if (encoded.Length == 0)
        {
            throw new InvalidImageException("The image is empty.");
        }

        if (encoded.Length > limits.MaxBytes)
        {
            throw new InvalidImageException($"The image is {encoded.Length:N0} bytes; the limit is {limits.MaxBytes:N0}.");
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new InvalidImageException("The data is not a PNG or JPEG image.");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            throw new InvalidImageException($"{codec.EncodedFormat} images are not accepted; send a PNG or JPEG.");
        }

        // Check the declared size before decoding, so a small file that claims a huge image costs nothing.
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > limits.MaxPixels)
        {
            throw new InvalidImageException($"The image is {info.Width}×{info.Height} pixels; the limit is {limits.MaxPixels:N0} pixels.");
        }

        using var decoded = new SKBitmap(new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidImageException($"The image cannot be decoded ({result}).");
        }

        if (result == SKCodecResult.IncompleteInput)
        {
            throw new InvalidImageException("The image is truncated.");
        }

        return Fit(decoded, invert);
    }

    private static float[] Fit(SKBitmap source, bool invert)
    {
        var scale = (float)Size / Math.Max(source.Width, source.Height);
        var width = Math.Max(1, (int)MathF.Round(source.Width * scale));
        var height = Math.Max(1, (int)MathF.Round(source.Height * scale));
        using var fitted = new SKBitmap(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(fitted))
        {
            // The ground is what inversion turns black: transparent pixels and the margins end up dark either way.
            canvas.Clear(invert ? SKColors.White : SKColors.Black);
            using var image = SKImage.FromBitmap(source);
            var target = SKRect.Create((Size - width) / 2f, (Size - height) / 2f, width, height);
            canvas.DrawImage(image, target, new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        var rgba = fitted.GetPixelSpan();
        var result = new float[Size * Size];
        for (var i = 0; i < result.Length; i++)
        {
            // ITU-R BT.601 luma, the usual grayscale conversion.
            var luma = (0.299f * rgba[4 * i] + 0.587f * rgba[4 * i + 1] + 0.114f * rgba[4 * i + 2]) / 255f;
            result[i] = Math.Clamp(invert ? 1f - luma : luma, 0f, 1f);
        }

        return result;
    }
}
