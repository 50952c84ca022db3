namespace Ensemble.Web.Endpoints.Predict;

/// <summary>One image: either 784 pixels in [0, 1] (28×28, row-major, light object on dark ground) or a base64 PNG/JPEG.</summary>
public sealed record PredictInstance(float[]? Pixels, string? Image, bool Invert = false);
