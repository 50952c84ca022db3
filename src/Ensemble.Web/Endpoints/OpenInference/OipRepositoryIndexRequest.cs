namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>The repository index request: with ready true, only the versions that can serve now.</summary>
public sealed record OipRepositoryIndexRequest(bool? Ready);
