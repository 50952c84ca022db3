using System.Globalization;
using SkiaSharp;

namespace Ensemble.Tasks.Images;

/// <summary>
/// Turns a PNG or JPEG of any size into an image task's input: C×H×W floats in [0, 1], channels first (one channel:
/// ITU-R BT.601 luma; two: luma and alpha; three: RGB; four: RGBA). The picture is fitted to H×W as the task says (pad, stretch or crop)
/// on the task's background, and <c>invert</c> turns a picture drawn the other way round (a dark object on a light
/// ground for a task of light objects on dark) into the task's convention.
/// </summary>
public static class PictureReader
{
    /// <param name="maxPixels">The most pixels (width × height) the picture may declare; checked before decoding.</param>
    public static float[] Read(ReadOnlySpan<byte> encoded, TaskInput input, ImagePreparation preparation, bool invert, long maxPixels)
    {
        if (input.Channels is < 1 or > 4)
        {
            throw new ArgumentException($"{input} is not an image input.", nameof(input));
        }

        using var decoded = Decode(encoded, maxPixels);
        using var fitted = new SKBitmap(new SKImageInfo(input.Width, input.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(fitted))
        {
            // Margins and transparent pixels take the task's ground, after any inversion; a task with an alpha
            // channel gets transparent margins instead.
            var darkGround = (preparation.Background == ImageBackground.Dark) != invert;
            canvas.Clear(input.Channels is 2 or 4 ? SKColors.Transparent : darkGround ? SKColors.Black : SKColors.White);
            using var image = SKImage.FromBitmap(decoded);
            var (source, target) = (Source(decoded, input, preparation.Fit), Target(decoded, input, preparation.Fit));
            // A picture already at the input's size keeps its pixels exactly; Mitchell's filter would soften them.
            var sampling = source.Size == target.Size ? SKSamplingOptions.Default : new SKSamplingOptions(SKCubicResampler.Mitchell);
            canvas.DrawImage(image, source, target, sampling);
        }

        return Channels(fitted.GetPixelSpan(), input, invert);
    }

    private static SKBitmap Decode(ReadOnlySpan<byte> encoded, long maxPixels)
    {
        if (encoded.Length == 0)
        {
            throw new InvalidImageException("The image is empty.");
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new InvalidImageException("The data is not a PNG or JPEG image.");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            throw new InvalidImageException($"{codec.EncodedFormat} images are not accepted; send a PNG or JPEG.");
        }

        // The declared size first, so a small file that claims a huge picture costs nothing.
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > maxPixels)
        {
            throw new InvalidImageException(string.Create(CultureInfo.InvariantCulture, $"The image is {info.Width}×{info.Height} pixels; the limit is {maxPixels:N0} pixels."));
        }

        var decoded = new SKBitmap(new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            decoded.Dispose();
            throw new InvalidImageException(result == SKCodecResult.IncompleteInput ? "The image is truncated." : $"The image cannot be decoded ({result}).");
        }

        return decoded;
    }

    // Crop keeps the centre of the picture that has the target's aspect ratio; the others draw all of it.
    private static SKRect Source(SKBitmap picture, TaskInput input, ImageFit fit)
    {
        if (fit != ImageFit.Crop)
        {
            return SKRect.Create(picture.Width, picture.Height);
        }

        var scale = Math.Max((float)input.Width / picture.Width, (float)input.Height / picture.Height);
        var (width, height) = (input.Width / scale, input.Height / scale);
        return SKRect.Create((picture.Width - width) / 2f, (picture.Height - height) / 2f, width, height);
    }

    // Pad centres the whole picture at the largest size that fits; the others fill the target.
    private static SKRect Target(SKBitmap picture, TaskInput input, ImageFit fit)
    {
        if (fit != ImageFit.Pad)
        {
            return SKRect.Create(input.Width, input.Height);
        }

        var scale = Math.Min((float)input.Width / picture.Width, (float)input.Height / picture.Height);
        var width = Math.Max(1, (int)MathF.Round(picture.Width * scale));
        var height = Math.Max(1, (int)MathF.Round(picture.Height * scale));
        return SKRect.Create((input.Width - width) / 2f, (input.Height - height) / 2f, width, height);
    }

    private static float[] Channels(ReadOnlySpan<byte> rgba, TaskInput input, bool invert)
    {
        var plane = input.Height * input.Width;
        var result = new float[input.Channels * plane];
        for (var i = 0; i < plane; i++)
        {
            var (r, g, b, a) = (rgba[4 * i] / 255f, rgba[4 * i + 1] / 255f, rgba[4 * i + 2] / 255f, rgba[4 * i + 3] / 255f);
            if (input.Channels <= 2)
            {
                result[i] = Value(0.299f * r + 0.587f * g + 0.114f * b, invert);
            }
            else
            {
                (result[i], result[plane + i], result[2 * plane + i]) = (Value(r, invert), Value(g, invert), Value(b, invert));
            }

            // The last of two or four channels is alpha, which inversion leaves alone.
            if (input.Channels is 2 or 4)
            {
                result[(input.Channels - 1) * plane + i] = a;
            }
        }

        return result;
    }

    private static float Value(float value, bool invert) => Math.Clamp(invert ? 1f - value : value, 0f, 1f);
}
