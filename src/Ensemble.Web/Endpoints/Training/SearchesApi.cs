using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Searches;
using Ensemble.Core.Searches.Analysis;
using Ensemble.Web.Endpoints.Runs;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Training;

public static class SearchesApi
{
    private const string Path = "/api/training/searches";

    public static IEndpointRouteBuilder MapSearchesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("Training");
        group.MapPost("/", Create)
            .RequireAdmin()
            .WithName("CreateSearch")
            .WithSummary("Start a hyperparameter search")
            .WithDescription(SearchesApiTexts.CreateSearch)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapRunRoutes<SearchService, SearchRecord, SearchProgress, SearchResponse>(
            Path,
            SearchesApiTexts.Runs,
            (search, progress) => SearchResponse.From(search, progress, null),
            async (searches, search, cancellation) => SearchResponse.From(search, searches.Progress(search.Id), await searches.TrialsAsync(search.Id, cancellation)));
        group.MapGet("/{id:int}/analysis", Analysis)
            .WithName("AnalyzeSearch")
            .WithSummary("Why a trial won: history, parallel coordinates and importance")
            .WithDescription(SearchesApiTexts.AnalyzeSearch)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:int}/promote", Promote)
            .RequireAdmin()
            .WithName("PromoteSearchTrial")
            .WithSummary("Train a trial's configuration in full")
            .WithDescription(SearchesApiTexts.PromoteSearchTrial)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Accepted<SearchResponse>> Create(SearchRequest request, SearchService searches, CancellationToken cancellation)
    {
        var search = await searches.QueueAsync(request, cancellation);
        return TypedResults.Accepted($"{Path}/{search.Id}", SearchResponse.From(search, null, null));
    }

    private static async Task<Ok<SearchAnalysis>> Analysis(int id, SearchService searches, CancellationToken cancellation) =>
        TypedResults.Ok(await searches.AnalyzeAsync(id, cancellation));

    private static async Task<Accepted<TrainingJobResponse>> Promote(int id, PromoteRequest? request, SearchService searches, CancellationToken cancellation)
    {
        var job = await searches.PromoteAsync(id, request?.Trial, request?.Epochs, request?.Name, cancellation);
        return TypedResults.Accepted($"/api/training/jobs/{job.Id}", TrainingJobResponse.From(job, null));
    }
}
