using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Runs;

/// <summary>
/// The routes every kind of stored run shares, written once: list (newest first), get, cancel and, where the kind
/// can, resume, with the same 404 and 409 answers. A kind's API maps only what differs: how a run starts and what
/// else it offers.
/// </summary>
public static class RunRoutes
{
    /// <param name="path">The group's path.</param>
    /// <param name="item">A run as the list shows it, with its live progress.</param>
    /// <param name="detail">A run as GET /{id} shows it; the list's form when null.</param>
    public static RouteGroupBuilder MapRunRoutes<TService, TRecord, TProgress, TResponse>(
        this RouteGroupBuilder group,
        string path,
        RunRouteTexts texts,
        Func<TRecord, TProgress?, TResponse> item,
        Func<TService, TRecord, CancellationToken, Task<TResponse>>? detail = null)
        where TService : RunService<TRecord, TProgress>
        where TRecord : class, IRunRecord
        where TProgress : class
    {
        var handlers = new RunRouteHandlers<TService, TRecord, TProgress, TResponse>(
            path, item, detail ?? ((runs, run, _) => Task.FromResult(item(run, runs.Progress(run.Id)))));
        // Delegates, not method groups: ASP.NET Core's route-handler analyzer crashes (AD0001) on handlers of a generic type.
        Delegate list = handlers.List, get = handlers.Get, cancel = handlers.Cancel, resumeRun = handlers.Resume;
        group.MapGet("/", list)
            .WithName("List" + texts.Plural)
            .WithSummary(texts.List.Summary)
            .WithDescription(texts.List.Description);
        group.MapGet("/{id:int}", get)
            .WithName("Get" + texts.Singular)
            .WithSummary(texts.Get.Summary)
            .WithDescription(texts.Get.Description);
        group.MapPost("/{id:int}/cancel", cancel)
            .RequireAdmin()
            .WithName("Cancel" + texts.Singular)
            .WithSummary(texts.Cancel.Summary)
            .WithDescription(texts.Cancel.Description)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        if (texts.Resume is { } resume)
        {
            group.MapPost("/{id:int}/resume", resumeRun)
                .RequireAdmin()
                .WithName("Resume" + texts.Singular)
                .WithSummary(resume.Summary)
                .WithDescription(resume.Description)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
        }

        return group;
    }

    /// <summary>404 for a run id that names no run of this kind.</summary>
    public static ProblemHttpResult NotFound<TRecord, TProgress>(RunService<TRecord, TProgress> runs, int id)
        where TRecord : class, IRunRecord
        where TProgress : class =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {runs.Noun} has id {id}.");
}
