namespace Ensemble.Web.Endpoints.Runs;

/// <summary>What the OpenAPI document says of one route: a one-line summary and the whole description.</summary>
public sealed record RouteText(string Summary, string Description);
