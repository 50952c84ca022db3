namespace Ensemble.Web.Endpoints.Samples;

/// <summary>A real image from the committed splits, ready to paste into /api/predict as an instance.</summary>
public sealed record SampleResponse(string Split, int Index, int Label, string ClassName, float[] Pixels);
