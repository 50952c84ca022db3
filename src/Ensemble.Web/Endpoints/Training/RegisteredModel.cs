namespace Ensemble.Web.Endpoints.Training;

/// <summary>The model a job published: its name under the task, and the SHA-256 of its ONNX file.</summary>
public sealed record RegisteredModel(string Name, string Sha256);
