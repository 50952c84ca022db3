namespace Ensemble.Tasks;

/// <summary>How an uploaded picture becomes an image task's input.</summary>
public sealed record ImagePreparation(ImageFit Fit = ImageFit.Pad, ImageBackground Background = ImageBackground.Dark);
