using Ensemble.Core.Models;
using Ensemble.Core.Models.Publishing;
using Ensemble.Core.Versions;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Tasks;

public static class TasksApi
{
    /// <summary>The most bytes an uploaded task may inflate to, unless Limits:MaxTaskBytes says otherwise.</summary>
    public const long DefaultMaxTaskBytes = 256L << 20;

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks");
        group.MapGet("/", List)
            .WithName("ListTasks")
            .WithSummary("List the tasks of the model repository")
            .WithDescription("One entry per task folder: its name, description, kind (image or features), input (C×H×W or the feature count and names), classes, how uploaded pictures are prepared, its models and ensembles, its split sizes, and every problem found (a bad task.json, an unreadable split), each with its reason. A broken task is listed with its problems and never stops the others. `default` marks the task that requests naming none go to.");
        group.MapPost("/", Upload)
            .RequireAdmin()
            .WithName("UploadTask")
            .WithSummary("Add a task folder, uploaded as a zip")
            .WithDescription("Multipart upload: `task`, a zip of a task folder (task.json, data/ with its splits, any .onnx models with their sidecars; at the archive's root or under one top-level folder), and optionally `name` (default: the zip's file name). It is unpacked into a staging folder and inspected there as the registry would read it: task.json, every split, every model through its adapter. Only when all of it is sound is it moved into the repository and served, with its uniform ensemble: 201. Otherwise 400 with every reason found, and nothing is stored. Refused outright: entries that are absolute or climb out with '..', symbolic links, more than 100,000 entries, more than `Limits:MaxTaskBytes` (256 MiB) once inflated, counted as it inflates. 409 when the task or one of its model names exists.")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{task}", Get)
            .WithName("GetTask")
            .WithSummary("One task by name")
            .WithDescription("The same fields as the list, for one task; 404 when no task folder has that name.");
        return app;
    }

    private static Ok<TaskResponse[]> List(ModelRegistry registry, EnsembleStore ensembles) =>
        TypedResults.Ok(registry.Tasks.Select(t => TaskResponse.From(t, registry, ensembles)).ToArray());

    private static async Task<Results<Created<TaskResponse>, ValidationProblem, ProblemHttpResult>> Upload(
        HttpRequest http, TaskUploads uploads, ModelRegistry registry, EnsembleStore ensembles, IConfiguration configuration)
    {
        var (form, problem) = await MultipartForms.ReadAsync(http, "the zip as multipart/form-data in a field named 'task'");
        if (form is null)
        {
            return problem!;
        }

        if (form.Files.GetFile("task") is not { Length: > 0 } zip)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["task"] = ["Upload the zip of the task folder in a field named 'task'."] });
        }

        var name = form["name"].FirstOrDefault() is { Length: > 0 } given ? given : Path.GetFileNameWithoutExtension(zip.FileName);
        await using var stream = new MemoryStream();
        await zip.CopyToAsync(stream, http.HttpContext.RequestAborted);
        stream.Position = 0;
        var task = uploads.Add(name, stream, configuration.GetValue<long?>("Limits:MaxTaskBytes") ?? DefaultMaxTaskBytes);
        await ensembles.EnsureTaskEnsemblesAsync(http.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/tasks/{task.Name}", TaskResponse.From(task, registry, ensembles));
    }

    private static Results<Ok<TaskResponse>, ProblemHttpResult> Get(string task, ModelRegistry registry, EnsembleStore ensembles) =>
        registry.FindTask(task) is { } found
            ? TypedResults.Ok(TaskResponse.From(found, registry, ensembles))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown task", detail: $"No task is named '{task}'.");
}
