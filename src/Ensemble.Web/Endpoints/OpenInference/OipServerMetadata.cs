namespace Ensemble.Web.Endpoints.OpenInference;

public sealed record OipServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);
