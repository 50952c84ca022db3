namespace Ensemble.Web.Endpoints.Samples;

/// <summary>
/// A real row of a task's validation or test split with its label, ready to paste into /api/predict as an instance:
/// <c>pixels</c> (C×H×W in [0, 1], channels first) for an image task, <c>features</c> for a features task.
/// </summary>
public sealed record SampleResponse(string Task, string Split, int Index, int Label, string ClassName, float[]? Pixels, float[]? Features);
