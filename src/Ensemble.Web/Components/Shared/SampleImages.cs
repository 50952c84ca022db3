using Ensemble.Tasks;
using SkiaSharp;

namespace Ensemble.Web.Components.Shared;

/// <summary>Samples of an image task as pictures the pages can show.</summary>
public static class SampleImages
{
    // The C×H×W input as a picture: gray for one channel (or luma and alpha), colour for three or four.
    public static string ToDataUrl(float[] input, TaskInput shape)
    {
        var (h, w, plane) = (shape.Height, shape.Width, shape.Height * shape.Width);
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var span = bitmap.GetPixelSpan();
        static byte Byte(float v) => (byte)Math.Clamp(v * 255f, 0f, 255f);
        for (var p = 0; p < plane; p++)
        {
            var colour = shape.Channels >= 3;
            span[p * 4] = Byte(input[p]);
            span[p * 4 + 1] = Byte(input[(colour ? plane : 0) + p]);
            span[p * 4 + 2] = Byte(input[(colour ? 2 * plane : 0) + p]);
            span[p * 4 + 3] = 255;
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return "data:image/png;base64," + Convert.ToBase64String(png.AsSpan());
    }
}
