using Ensemble.Tasks;
using Ensemble.Tasks.Images;

namespace Ensemble.Core.Images;

/// <summary>
/// Turns an uploaded PNG or JPEG into an image task's input, the way its task.json says: its channels (luma, RGB,
/// with or without alpha), scaled to its H×W by its fit (pad, stretch or crop) on its background, pixels in [0, 1].
/// <c>invert</c> is for a picture whose ground is the other one (a dark object photographed on white, say).
/// Within the upload limits.
/// </summary>
public sealed class ImagePreprocessor(ImageLimits limits)
{
    public float[] Prepare(ReadOnlySpan<byte> encoded, TaskDefinition task, bool invert)
    {
        if (task.Kind != TaskKind.Image)
        {
            throw new InvalidImageException($"Task '{task.Name}' takes {task.Input}, not pictures.");
        }

        if (encoded.Length > limits.MaxBytes)
        {
            throw new InvalidImageException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The image is {encoded.Length:N0} bytes; the limit is {limits.MaxBytes:N0}."));
        }

        return PictureReader.Read(encoded, task.Input, task.Image, invert, limits.MaxPixels);
    }
}
