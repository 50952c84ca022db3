using Ensemble.Core.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Models;

public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/models").WithTags("Models");
        group.MapGet("/", List)
            .WithName("ListModels")
            .WithSummary("List every model file in the models folder")
            .WithDescription("Each *.onnx file with its architecture, parameter count, execution provider (CUDA or CPU), status (a failed model carries its reason and is left out of serving), validation and test accuracy from its sidecar, and the SHA-256 of the file.");
        group.MapGet("/{name}", Get)
            .WithName("GetModel")
            .WithSummary("One model by name")
            .WithDescription("The same fields as the list, for one model; 404 when no model file has that name.");
        return app;
    }

    private static Ok<ModelResponse[]> List(ModelRegistry registry) =>
        TypedResults.Ok(registry.Models.Select(ModelResponse.From).ToArray());

    private static Results<Ok<ModelResponse>, ProblemHttpResult> Get(string name, ModelRegistry registry) =>
        registry.Find(name) is { } model
            ? TypedResults.Ok(ModelResponse.From(model))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown model", detail: $"No model is named '{name}'.");
}
