using Ensemble.Core.Images;
using Ensemble.Tasks;
using Ensemble.Tasks.Images;
using SkiaSharp;

namespace Ensemble.Core.Tests.Images;

public class ImagePreprocessorTests
{
    private static readonly TaskDefinition Fashion = TaskDefinition.Read(RepositoryPaths.ModelsDirectory);

    private readonly ImagePreprocessor _images = new(new ImageLimits { MaxBytes = 1_000_000, MaxPixels = 2_000_000 });

    [Fact]
    public void Prepare_WideImage_IsScaledToFitAndCentredOnBlack()
    {
        // A white 100×50 image: after fitting, a 28×14 white band centred vertically.
        var pixels = _images.Prepare(TestImages.Png(100, 50, SKColors.White), Fashion, invert: false);

        Assert.Equal(784, pixels.Length);
        Assert.Equal(0f, pixels[0]);
        Assert.Equal(0f, pixels[27 * 28 + 14]);
        Assert.Equal(1f, pixels[14 * 28 + 14], 0.01f);
    }

    [Fact]
    public void Prepare_WithInvert_TurnsALightGroundBlack()
    {
        var pixels = _images.Prepare(TestImages.Png(40, 40, SKColors.White), Fashion, invert: true);

        Assert.All(pixels, p => Assert.Equal(0f, p, 0.01f));
    }

    [Fact]
    public void Prepare_RejectsNonImagesOversizedFilesAndHugeDimensions()
    {
        Assert.Throws<InvalidImageException>(() => _images.Prepare("not an image"u8, Fashion, invert: false));
        Assert.Throws<InvalidImageException>(() => new ImagePreprocessor(new ImageLimits { MaxBytes = 10 }).Prepare(TestImages.Png(20, 20, SKColors.Gray), Fashion, invert: false));
        Assert.Throws<InvalidImageException>(() => _images.Prepare(TestImages.Png(2000, 1500, SKColors.Gray), Fashion, invert: false));
        var png = TestImages.Png(20, 20, SKColors.Gray);
        Assert.Throws<InvalidImageException>(() => _images.Prepare(png.AsSpan(0, png.Length / 2), Fashion, invert: false));
    }
}
