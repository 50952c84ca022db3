using Ensemble.Tasks.Images;
using SkiaSharp;

namespace Ensemble.Tasks.Tests.Images;

public sealed class PictureReaderTests
{
    private const long MaxPixels = 1_000_000;
    private static readonly ImagePreparation PadOnDark = new(ImageFit.Pad, ImageBackground.Dark);

    [Fact]
    public void APictureOfTheTasksSize_KeepsItsPixels_ChannelsFirst()
    {
        var png = TestImages.Png(4, 3, (x, y) => new SKColor((byte)(10 * x), (byte)(100 + 20 * y), (byte)(200 + x + y)));

        var input = PictureReader.Read(png, TaskInput.Image(3, 3, 4), PadOnDark, invert: false, MaxPixels);

        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                Assert.Equal(10 * x / 255f, input[y * 4 + x], 1e-6f);
                Assert.Equal((100 + 20 * y) / 255f, input[12 + y * 4 + x], 1e-6f);
                Assert.Equal((200 + x + y) / 255f, input[24 + y * 4 + x], 1e-6f);
            }
        }
    }

    [Fact]
    public void OneChannel_IsBt601Luma()
    {
        var png = TestImages.Png(2, 2, new SKColor(200, 100, 50));

        var input = PictureReader.Read(png, TaskInput.Image(1, 2, 2), PadOnDark, invert: false, MaxPixels);

        Assert.All(input, v => Assert.Equal((0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255f, v, 1e-5f));
    }

    [Fact]
    public void Pad_CentresAWidePicture_OnTheTasksGround()
    {
        var png = TestImages.Png(8, 4, SKColors.White);

        var dark = PictureReader.Read(png, TaskInput.Image(1, 4, 4), PadOnDark, invert: false, MaxPixels);
        var light = PictureReader.Read(TestImages.Png(8, 4, SKColors.Black), TaskInput.Image(1, 4, 4), new ImagePreparation(ImageFit.Pad, ImageBackground.Light), invert: false, MaxPixels);

        // Rows 0 and 3 are margin; rows 1 and 2 the picture.
        Assert.Equal([0f, 0f, 0f, 0f], dark[..4]);
        Assert.Equal([0f, 0f, 0f, 0f], dark[12..]);
        Assert.All(dark[4..12], v => Assert.Equal(1f, v, 1e-5f));
        Assert.Equal([1f, 1f, 1f, 1f], light[..4]);
        Assert.Equal([1f, 1f, 1f, 1f], light[12..]);
        Assert.All(light[4..12], v => Assert.Equal(0f, v, 1e-5f));
    }

    [Fact]
    public void Stretch_FillsTheWholeInput()
    {
        var input = PictureReader.Read(TestImages.Png(8, 4, SKColors.White), TaskInput.Image(1, 4, 4), new ImagePreparation(ImageFit.Stretch), invert: false, MaxPixels);

        Assert.All(input, v => Assert.Equal(1f, v, 1e-5f));
    }

    [Fact]
    public void Crop_KeepsTheCentre()
    {
        // Red, green, green, blue columns, two pixels each: a square crop keeps the two green columns.
        SKColor[] columns = [SKColors.Red, SKColors.Lime, SKColors.Lime, SKColors.Blue];
        var png = TestImages.Png(8, 2, (x, _) => columns[x / 2]);

        var input = PictureReader.Read(png, TaskInput.Image(3, 2, 2), new ImagePreparation(ImageFit.Crop), invert: false, MaxPixels);

        Assert.All(input[..4], v => Assert.Equal(0f, v, 1e-5f));
        Assert.All(input[4..8], v => Assert.Equal(1f, v, 1e-5f));
        Assert.All(input[8..], v => Assert.Equal(0f, v, 1e-5f));
    }

    [Fact]
    public void Invert_TurnsADarkObjectOnALightGround_IntoTheTasksConvention()
    {
        // A black square in the middle of white, for a task of light objects on dark.
        var png = TestImages.Png(4, 4, (x, y) => x is 1 or 2 && y is 1 or 2 ? SKColors.Black : SKColors.White);

        var input = PictureReader.Read(png, TaskInput.Image(1, 4, 4), PadOnDark, invert: true, MaxPixels);

        Assert.Equal(1f, input[5], 1e-5f);
        Assert.Equal(0f, input[0], 1e-5f);
    }

    [Fact]
    public void AnAlphaChannel_IsKept_AndMarginsAreTransparent()
    {
        var png = TestImages.Png(4, 2, (x, _) => new SKColor(255, 255, 255, (byte)(x < 2 ? 255 : 0)));

        var input = PictureReader.Read(png, TaskInput.Image(4, 4, 4), PadOnDark, invert: false, MaxPixels);

        var alpha = input[48..];
        Assert.Equal(0f, alpha[0]);
        Assert.Equal(1f, alpha[4 + 0], 1e-5f);
        Assert.Equal(0f, alpha[4 + 3], 1e-5f);
    }

    [Fact]
    public void NotAPicture_TooLarge_OrTruncated_SaysWhy()
    {
        var png = TestImages.Png(20, 20, SKColors.Gray);
        var input = TaskInput.Image(1, 4, 4);

        Assert.Contains("not a PNG or JPEG", Assert.Throws<InvalidImageException>(() => PictureReader.Read("text"u8, input, PadOnDark, false, MaxPixels)).Message);
        Assert.Contains("20×20 pixels; the limit is 100", Assert.Throws<InvalidImageException>(() => PictureReader.Read(png, input, PadOnDark, false, 100)).Message);
        Assert.Throws<InvalidImageException>(() => PictureReader.Read(png.AsSpan(0, png.Length / 2), input, PadOnDark, false, MaxPixels));
    }
}
