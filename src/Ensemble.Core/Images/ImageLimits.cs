namespace Ensemble.Core.Images;

/// <summary>The "Images" configuration section: what an uploaded image may be.</summary>
public sealed class ImageLimits
{
    public const string Section = "Images";

    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Most pixels (width × height) a decoded image may have; guards against images that claim enormous sizes.</summary>
    public long MaxPixels { get; set; } = 4096L * 4096;
}
