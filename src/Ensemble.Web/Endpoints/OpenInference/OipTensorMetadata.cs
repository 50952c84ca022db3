namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>A tensor's name, datatype and shape (-1 for a variable dimension).</summary>
public sealed record OipTensorMetadata(string Name, string Datatype, long[] Shape);
