using Ensemble.Training.Images;
using Ensemble.Training.Tasks;

namespace Ensemble.Core.Images;

/// <summary>
/// Turns an uploaded PNG or JPEG into what the Fashion-MNIST models saw in training, the way the dataset was made:
/// grayscale, scaled to fit 28×28 keeping its aspect ratio, centred on black, light object on dark ground, pixels
/// in [0, 1]. Photos of dark objects on light ground need <c>invert</c>. Within the upload limits.
/// </summary>
public sealed class ImagePreprocessor(ImageLimits limits)
{
    public const int Size = 28;

    private static readonly TaskInput Input = TaskInput.Image(1, Size, Size);
    private static readonly ImagePreparation Preparation = new(ImageFit.Pad, ImageBackground.Dark);

    public float[] Prepare(ReadOnlySpan<byte> encoded, bool invert)
    {
        if (encoded.Length > limits.MaxBytes)
        {
            throw new InvalidImageException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The image is {encoded.Length:N0} bytes; the limit is {limits.MaxBytes:N0}."));
        }

        return PictureReader.Read(encoded, Input, Preparation, invert, limits.MaxPixels);
    }
}
