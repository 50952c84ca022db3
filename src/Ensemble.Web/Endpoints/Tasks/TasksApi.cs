using Ensemble.Core.Models;
using Ensemble.Core.Models.Publishing;
using Ensemble.Core.Versions;
using Ensemble.Web.Hosting;
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
            .WithDescription(TasksApiTexts.ListTasks);
        group.MapPost("/", Upload)
            .RequireAdmin()
            .WithName("UploadTask")
            .WithSummary("Add a task folder, uploaded as a zip")
            .WithDescription(TasksApiTexts.UploadTask)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{task}", Get)
            .WithName("GetTask")
            .WithSummary("One task by name")
            .WithDescription(TasksApiTexts.GetTask);
        return app;
    }

    private static Ok<TaskResponse[]> List(ModelRegistry registry, EnsembleStore ensembles) =>
        TypedResults.Ok(registry.Tasks.Select(t => TaskResponse.From(t, registry, ensembles)).ToArray());

    private static async Task<Results<Created<TaskResponse>, ValidationProblem, ProblemHttpResult>> Upload(
        HttpRequest http, TaskUploads uploads, ModelRegistry registry, EnsembleStore ensembles, EnsembleSeeder seeder, IConfiguration configuration)
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
        await seeder.EnsureTaskEnsemblesAsync(http.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/tasks/{task.Name}", TaskResponse.From(task, registry, ensembles));
    }

    private static Results<Ok<TaskResponse>, ProblemHttpResult> Get(string task, ModelRegistry registry, EnsembleStore ensembles) =>
        registry.FindTask(task) is { } found
            ? TypedResults.Ok(TaskResponse.From(found, registry, ensembles))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown task", detail: $"No task is named '{task}'.");
}
