namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>
/// Every per-model route of the protocol exists twice, for the model (its active version) and for one version:
/// /v2/models/{name} and /v2/models/{name}/versions/{version}. Each group comes with an endpoint-name prefix and the
/// words its summaries end with.
/// </summary>
internal static class OipModelRoutes
{
    public static IEnumerable<(RouteGroupBuilder Group, string Name, string Scope)> Groups(RouteGroupBuilder v2) =>
    [
        (v2.MapGroup("/models/{name}"), "Oip", ""),
        (v2.MapGroup("/models/{name}/versions/{version}"), "OipVersioned", " (one version)"),
    ];
}
