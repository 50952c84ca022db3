using Ensemble.Core.Models;
using Ensemble.Core.Scoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Models;

public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/models").WithTags("Models");
        group.MapGet("/", List)
            .WithName("ListModels")
            .WithSummary("List every model file in the model repository")
            .WithDescription(ModelsApiTexts.ListModels);
        group.MapGet("/{name}", Get)
            .WithName("GetModel")
            .WithSummary("One model by name")
            .WithDescription(ModelsApiTexts.GetModel);
        return app;
    }

    private static Ok<ModelResponse[]> List(ModelRegistry registry, MemberScores scores, MemberTimings timings) =>
        TypedResults.Ok(registry.Models.Select(m => ModelResponse.From(m, scores, timings)).ToArray());

    private static Results<Ok<ModelResponse>, ProblemHttpResult> Get(string name, ModelRegistry registry, MemberScores scores, MemberTimings timings) =>
        registry.Find(name) is { } model
            ? TypedResults.Ok(ModelResponse.From(model, scores, timings))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown model", detail: $"No model is named '{name}'.");
}
