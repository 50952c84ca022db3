using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Runs;

public static class RunsApi
{
    // A client that stops reading loses the oldest changes, not the server's memory.
    private const int Backlog = 1_024;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/runs").WithTags("Runs")
            .MapGet("/events", Events)
            .WithName("RunEvents")
            .WithSummary("Follow studies, training jobs and searches as they change")
            .WithDescription(RunsApiTexts.RunEvents)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<ServerSentEventsResult<RunChange>, ProblemHttpResult>> Events(RunEngine engine, RunKind? kind, int? id, CancellationToken cancellation)
    {
        if (id is not null && kind is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: "Name the run's kind with its id (kind=Study, TrainingJob or Search).");
        }

        if (kind is { } k && id is { } i && await engine.StatusAsync(k, i, cancellation) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {k} has id {i}.");
        }

        return TypedResults.ServerSentEvents(Stream(engine, kind, id, cancellation), eventType: "run");
    }

    private static async IAsyncEnumerable<RunChange> Stream(RunEngine engine, RunKind? kind, int? id, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var changes = Channel.CreateBounded<RunChange>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        using var subscription = engine.Subscribe(change =>
        {
            if ((kind is null || change.Kind == kind) && (id is null || change.Id == id))
            {
                changes.Writer.TryWrite(change);
            }
        });
        if (kind is { } k && id is { } i)
        {
            // Read after subscribing, so nothing between this look and the first change is missed.
            var status = await engine.StatusAsync(k, i, cancellation) ?? RunStatus.Failed;
            yield return new RunChange(k, i, status, engine.Progress<object>(k, i));
            if (status.IsFinished())
            {
                yield break;
            }
        }

        await foreach (var change in changes.Reader.ReadAllAsync(cancellation))
        {
            yield return change;
            if (id is not null && change.Status.IsFinished())
            {
                yield break;
            }
        }
    }
}
