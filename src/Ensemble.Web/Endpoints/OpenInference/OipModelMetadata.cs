namespace Ensemble.Web.Endpoints.OpenInference;

public sealed record OipModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<OipTensorMetadata> Inputs, IReadOnlyList<OipTensorMetadata> Outputs);
