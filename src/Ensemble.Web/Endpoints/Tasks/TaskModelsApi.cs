using Ensemble.Core.Models;
using Ensemble.Core.Models.Publishing;
using Ensemble.Core.Scoring;
using Ensemble.Web.Endpoints.Models;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Tasks;

public static class TaskModelsApi
{
    /// <summary>The most bytes a sidecar may have: it is a short JSON document.</summary>
    public const int MaxSidecarBytes = 1 << 20;

    public static IEndpointRouteBuilder MapTaskModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/tasks").WithTags("Tasks")
            .MapPost("/{task}/models", Upload)
            .RequireAdmin()
            .WithName("UploadModel")
            .WithSummary("Add an ONNX model (and its sidecar) to a task")
            .WithDescription(TaskModelsApiTexts.UploadModel)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<ModelResponse>, ValidationProblem, ProblemHttpResult>> Upload(
        string task, HttpRequest http, ModelUploads uploads, MemberScores scores, MemberTimings timings)
    {
        var (form, problem) = await MultipartForms.ReadAsync(http, "the model as multipart/form-data: the .onnx file in a field named 'model', optionally its sidecar in 'sidecar'");
        if (form is null)
        {
            return problem!;
        }

        if (form.Files.GetFile("model") is not { Length: > 0 } model)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = ["Upload the .onnx file in a field named 'model'."] });
        }

        var sidecar = form.Files.GetFile("sidecar");
        if (sidecar is { Length: > MaxSidecarBytes })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sidecar"] = [$"A sidecar has at most {MaxSidecarBytes:N0} bytes."] });
        }

        var name = form["name"].FirstOrDefault() is { Length: > 0 } given ? given : Path.GetFileNameWithoutExtension(model.FileName);
        var stored = uploads.Add(task, name, await Bytes(model, http), sidecar is null ? null : await Bytes(sidecar, http));
        return TypedResults.Created($"/api/models/{stored.Name}", ModelResponse.From(stored, scores, timings));
    }

    private static async Task<byte[]> Bytes(IFormFile file, HttpRequest http)
    {
        using var stream = new MemoryStream();
        await file.CopyToAsync(stream, http.HttpContext.RequestAborted);
        return stream.ToArray();
    }
}
