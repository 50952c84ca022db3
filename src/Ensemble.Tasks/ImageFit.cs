namespace Ensemble.Tasks;

/// <summary>How a picture of another size becomes the task's H×W.</summary>
public enum ImageFit
{
    /// <summary>Scaled to fit inside, keeping its aspect ratio, and centred on the background (how Fashion-MNIST was made).</summary>
    Pad,

    /// <summary>Scaled to exactly H×W, aspect ratio ignored.</summary>
    Stretch,

    /// <summary>Scaled to cover H×W, keeping its aspect ratio, and cropped at the centre.</summary>
    Crop,
}
