namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>An output tensor of an inference response, data row-major.</summary>
public sealed record OipOutputTensor(string Name, long[] Shape, string Datatype, float[] Data);
