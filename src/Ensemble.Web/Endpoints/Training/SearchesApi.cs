using Ensemble.Core.Searches;
using Ensemble.Core.Searches.Analysis;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Training;

public static class SearchesApi
{
    public static IEndpointRouteBuilder MapSearchesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/training/searches").WithTags("Training");
        group.MapPost("/", Create)
            .RequireAdmin()
            .WithName("CreateSearch")
            .WithSummary("Start a hyperparameter search")
            .WithDescription("On the image task `task` (default the default task), proposes configurations from `space` (architectures, optimizers and batch sizes; log-uniform learning rate and weight decay; uniform width multiplier and label smoothing; augmentation on/off, and random erasing with augmentation; a dimension with one choice or equal bounds is fixed) with `budget.sampler`: Random, Tpe (tree-structured Parzen estimator) or Gp (Gaussian process with expected improvement), the model-based ones after `budget.startupTrials` random trials, each trial proposed from the trials before it. They train by successive halving, Hyperband (with Tpe: BOHB) or in full (`budget.mode`): every trial trains `minEpochs` on `trainImages` training images and is scored on `validationImages` validation images; at each rung the best 1/`eta` continue from their checkpoints to `eta` times the epochs, up to `maxEpochs`. Runs on the training lane, one job or search at a time; follow it with GET /api/training/searches/{id} or the event stream GET /api/runs/events?kind=Search&id={id}.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/", List)
            .WithName("ListSearches")
            .WithSummary("List the searches, newest first")
            .WithDescription("Space, budget, state, progress and best trial of every search.");
        group.MapGet("/{id:int}", Get)
            .WithName("GetSearch")
            .WithSummary("One search with every trial")
            .WithDescription("Each trial with its configuration, bracket, highest rung, validation curve per epoch, final validation accuracy and log-loss, and why it stopped (its rank at the rung where it was cut, reaching the last rung, divergence or cancellation).");
        group.MapGet("/{id:int}/analysis", Analysis)
            .WithName("AnalyzeSearch")
            .WithSummary("Why a trial won: history, parallel coordinates and importance")
            .WithDescription("The optimization history (each trial's validation accuracy at the last epoch it trained, and the best so far), every free dimension's value per trial beside the trials' scores (for parallel coordinates), and each dimension's importance: the mean decrease in impurity of a random forest fitted to the scores at one budget (the largest with enough results), as optuna-dashboard shows it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:int}/cancel", Cancel)
            .RequireAdmin()
            .WithName("CancelSearch")
            .WithSummary("Stop a queued or running search")
            .WithDescription("The trials trained so far and their checkpoints are kept, so the search can resume. 409 when the search is not queued or running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:int}/resume", Resume)
            .RequireAdmin()
            .WithName("ResumeSearch")
            .WithSummary("Resume an interrupted, cancelled or failed search")
            .WithDescription("Queues the search again. It replays its schedule: trials already trained keep their configuration and curve and train only the epochs they lack, from their checkpoints, so it ends as a search that never stopped would have. 409 for a search in any other state.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:int}/promote", Promote)
            .RequireAdmin()
            .WithName("PromoteSearchTrial")
            .WithSummary("Train a trial's configuration in full")
            .WithDescription("Queues a training job with the trial's hyperparameters (the best trial unless `trial` is given) on the whole training split for `epochs` epochs (20 by default) with the standard warm-up and batch size.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Accepted<SearchResponse>> Create(SearchRequest request, SearchService searches, CancellationToken cancellation)
    {
        var search = await searches.QueueAsync(request, cancellation);
        return TypedResults.Accepted($"/api/training/searches/{search.Id}", SearchResponse.From(search, null, null));
    }

    private static async Task<Ok<SearchResponse[]>> List(SearchService searches, CancellationToken cancellation) =>
        TypedResults.Ok((await searches.ListAsync(cancellation)).Select(s => SearchResponse.From(s, searches.Progress(s.Id), null)).ToArray());

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> Get(int id, SearchService searches, CancellationToken cancellation) =>
        await searches.GetAsync(id, cancellation) is { } search
            ? TypedResults.Ok(SearchResponse.From(search, searches.Progress(id), await searches.TrialsAsync(id, cancellation)))
            : NotFound(id);

    private static async Task<Ok<SearchAnalysis>> Analysis(int id, SearchService searches, CancellationToken cancellation) =>
        TypedResults.Ok(await searches.AnalyzeAsync(id, cancellation));

    private static async Task<Accepted> Cancel(int id, SearchService searches, CancellationToken cancellation)
    {
        await searches.CancelAsync(id, cancellation);
        return TypedResults.Accepted($"/api/training/searches/{id}");
    }

    private static async Task<Accepted> Resume(int id, SearchService searches, CancellationToken cancellation)
    {
        await searches.ResumeAsync(id, cancellation);
        return TypedResults.Accepted($"/api/training/searches/{id}");
    }

    private static async Task<Accepted<TrainingJobResponse>> Promote(int id, PromoteRequest? request, SearchService searches, CancellationToken cancellation)
    {
        var job = await searches.PromoteAsync(id, request?.Trial, request?.Epochs, request?.Name, cancellation);
        return TypedResults.Accepted($"/api/training/jobs/{job.Id}", TrainingJobResponse.From(job, null));
    }

    private static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No search has id {id}.");
}
