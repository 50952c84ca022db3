using SkiaSharp;

namespace Ensemble.Testing;

/// <summary>Real encoded pictures for tests of image preparation and uploads.</summary>
public static class TestImages
{
    /// <summary>A PNG of one colour.</summary>
    public static byte[] Png(int width, int height, SKColor color)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
