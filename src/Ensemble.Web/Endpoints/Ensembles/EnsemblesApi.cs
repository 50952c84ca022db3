using Ensemble.Core.Ensembling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Ensembles;

public static class EnsemblesApi
{
    public static IEndpointRouteBuilder MapEnsemblesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ensembles").WithTags("Ensembles");
        group.MapGet("/", List)
            .WithName("ListEnsembles")
            .WithSummary("List the ensembles that can serve")
            .WithDescription("Each ensemble's active version with its method and members (name, SHA-256, normalized weight). `uniform` averages every loaded model.");
        group.MapGet("/{name}", Get)
            .WithName("GetEnsemble")
            .WithSummary("One ensemble by name")
            .WithDescription("The active version of the ensemble; 404 when no ensemble has that name.");
        return app;
    }

    private static Ok<EnsembleResponse[]> List(EnsembleCatalog catalog) =>
        TypedResults.Ok(catalog.All().Select(EnsembleResponse.From).ToArray());

    private static Results<Ok<EnsembleResponse>, ProblemHttpResult> Get(string name, EnsembleCatalog catalog) =>
        catalog.Find(name) is { } spec
            ? TypedResults.Ok(EnsembleResponse.From(spec))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ensemble", detail: $"No ensemble is named '{name}'.");
}
