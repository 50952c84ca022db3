namespace Ensemble.Web.Endpoints.Predict;

/// <summary>
/// One input of the ensemble's task. An image task takes <c>pixels</c> (C×H×W values in [0, 1], channels first,
/// row-major) or <c>image</c> (a base64 PNG or JPEG, prepared as the task says; <c>invert</c> for a picture on the
/// other ground); a features task takes <c>features</c> (its F numbers, in its order).
/// </summary>
public sealed record PredictInstance(float[]? Pixels, string? Image, bool Invert = false, float[]? Features = null);
