using SkiaSharp;

namespace Ensemble.Testing;

/// <summary>Real encoded pictures for tests of image preparation and uploads.</summary>
public static class TestImages
{
    /// <summary>A PNG of one colour.</summary>
    public static byte[] Png(int width, int height, SKColor color) => Png(width, height, (_, _) => color);

    /// <summary>A PNG whose pixel at (x, y) is <paramref name="color"/>(x, y).</summary>
    public static byte[] Png(int width, int height, Func<int, int, SKColor> color)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, color(x, y));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
