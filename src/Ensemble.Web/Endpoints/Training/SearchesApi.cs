using Ensemble.Core.Ensembling;
using Ensemble.Core.Searches;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Security;
using Ensemble.Web.Training;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Training;

public static class SearchesApi
{
    private const string InvalidSearch = "Invalid search";

    public static IEndpointRouteBuilder MapSearchesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/training/searches").WithTags("Training");
        group.MapPost("/", Create)
            .RequireAdmin()
            .WithName("CreateSearch")
            .WithSummary("Start a hyperparameter search")
            .WithDescription("Draws configurations at random from `space` (architectures; log-uniform learning rate and weight decay; uniform width multiplier; augmentation on/off) and trains them with successive halving or Hyperband (`budget.mode`): every trial trains `minEpochs` on `trainImages` training images and is scored on `validationImages` validation images; at each rung the best 1/`eta` continue from their checkpoints to `eta` times the epochs, up to `maxEpochs`. The response lists the brackets and their rungs. Runs on the training worker, one job or search at a time.");
        group.MapGet("/", List)
            .WithName("ListSearches")
            .WithSummary("List the searches, newest first")
            .WithDescription("Space, budget, state, progress and best trial of every search.");
        group.MapGet("/{id:int}", Get)
            .WithName("GetSearch")
            .WithSummary("One search with every trial")
            .WithDescription("Each trial with its configuration, bracket, highest rung, validation curve per epoch, final validation accuracy and log-loss, and why it stopped (its rank at the rung where it was cut, reaching the last rung, divergence or cancellation).");
        group.MapPost("/{id:int}/cancel", Cancel)
            .RequireAdmin()
            .WithName("CancelSearch")
            .WithSummary("Stop a queued or running search")
            .WithDescription("The trials trained so far are kept. 409 when the search is not queued or running.");
        group.MapPost("/{id:int}/promote", Promote)
            .RequireAdmin()
            .WithName("PromoteSearchTrial")
            .WithSummary("Train a trial's configuration in full")
            .WithDescription("Queues a training job with the trial's hyperparameters (the best trial unless `trial` is given) on the whole training split for `epochs` epochs (20 by default) with the standard warm-up and batch size.");
        return app;
    }

    private static async Task<Results<Accepted<SearchResponse>, ProblemHttpResult>> Create(SearchRequest request, SearchService searches, TrainingQueue queue, CancellationToken cancellation)
    {
        try
        {
            var search = await searches.CreateAsync(request, cancellation);
            await queue.EnqueueSearchAsync(search.Id, cancellation);
            return TypedResults.Accepted($"/api/training/searches/{search.Id}", SearchResponse.From(search, null, null));
        }
        catch (EnsembleException e)
        {
            return EnsembleProblems.From(e, InvalidSearch);
        }
    }

    private static async Task<Ok<SearchResponse[]>> List(SearchService searches, CancellationToken cancellation) =>
        TypedResults.Ok((await searches.ListAsync(cancellation)).Select(s => SearchResponse.From(s, searches.Progress(s.Id), null)).ToArray());

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> Get(int id, SearchService searches, CancellationToken cancellation) =>
        await searches.GetAsync(id, cancellation) is { } search
            ? TypedResults.Ok(SearchResponse.From(search, searches.Progress(id), await searches.TrialsAsync(id, cancellation)))
            : NotFound(id);

    private static async Task<Results<Accepted, ProblemHttpResult>> Cancel(int id, SearchService searches, CancellationToken cancellation)
    {
        if (await searches.GetAsync(id, cancellation) is null)
        {
            return NotFound(id);
        }

        return await searches.CancelAsync(id, cancellation)
            ? TypedResults.Accepted($"/api/training/searches/{id}")
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: $"Search {id} is not queued or running.");
    }

    private static async Task<Results<Accepted<TrainingJobResponse>, ProblemHttpResult>> Promote(
        int id, PromoteRequest? request, SearchService searches, TrainingQueue queue, CancellationToken cancellation)
    {
        try
        {
            var job = await searches.PromoteAsync(id, request?.Trial, request?.Epochs, request?.Name, cancellation);
            await queue.EnqueueJobAsync(job.Id, cancellation);
            return TypedResults.Accepted($"/api/training/jobs/{job.Id}", TrainingJobResponse.From(job, null));
        }
        catch (EnsembleException e)
        {
            return EnsembleProblems.From(e, InvalidSearch);
        }
    }

    private static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No search has id {id}.");
}
