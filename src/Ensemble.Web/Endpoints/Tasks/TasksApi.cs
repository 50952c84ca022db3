using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Tasks;

public static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks");
        group.MapGet("/", List)
            .WithName("ListTasks")
            .WithSummary("List the tasks of the model repository")
            .WithDescription("One entry per task folder: its name, description, kind (image or features), input (C×H×W or the feature count and names), classes, how uploaded pictures are prepared, its models and ensembles, its split sizes, and every problem found (a bad task.json, an unreadable split), each with its reason. A broken task is listed with its problems and never stops the others. `default` marks the task that requests naming none go to.");
        group.MapGet("/{task}", Get)
            .WithName("GetTask")
            .WithSummary("One task by name")
            .WithDescription("The same fields as the list, for one task; 404 when no task folder has that name.");
        return app;
    }

    private static Ok<TaskResponse[]> List(ModelRegistry registry, EnsembleStore ensembles) =>
        TypedResults.Ok(registry.Tasks.Select(t => TaskResponse.From(t, registry, ensembles)).ToArray());

    private static Results<Ok<TaskResponse>, ProblemHttpResult> Get(string task, ModelRegistry registry, EnsembleStore ensembles) =>
        registry.FindTask(task) is { } found
            ? TypedResults.Ok(TaskResponse.From(found, registry, ensembles))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown task", detail: $"No task is named '{task}'.");
}
