using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Studies;
using Ensemble.Core.Versions;
using Ensemble.Web.Endpoints.Runs;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Studies;

public static class StudiesApi
{
    private const string Path = "/api/studies";
    private const int MaxPageSize = 1_000;

    public static IEndpointRouteBuilder MapStudiesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("Studies");
        group.MapPost("/", Create)
            .RequireAdmin()
            .WithName("CreateStudy")
            .WithSummary("Start a weight-tuning study")
            .WithDescription(StudiesApiTexts.CreateStudy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapRunRoutes<StudyService, StudyRecord, StudyProgress, StudyResponse>(Path, StudiesApiTexts.Runs, StudyResponse.From);
        group.MapGet("/{id:int}/trials", Trials)
            .WithName("ListStudyTrials")
            .WithSummary("A page of a study's trials")
            .WithDescription(StudiesApiTexts.ListStudyTrials);
        group.MapPost("/{id:int}/apply", Apply)
            .RequireAdmin()
            .WithName("ApplyStudy")
            .WithSummary("Apply a completed study's weights")
            .WithDescription(StudiesApiTexts.ApplyStudy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Accepted<StudyResponse>> Create(StudyRequest request, StudyService studies, CancellationToken cancellation)
    {
        var study = await studies.QueueAsync(request, cancellation);
        return TypedResults.Accepted($"{Path}/{study.Id}", StudyResponse.From(study, null));
    }

    private static async Task<Results<Ok<TrialPage>, ProblemHttpResult>> Trials(int id, StudyService studies, CancellationToken cancellation, int page = 0, int pageSize = 100)
    {
        if (page < 0 || pageSize is < 1 or > MaxPageSize)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid page", detail: $"page must be 0 or more and pageSize 1 to {MaxPageSize}.");
        }

        if (await studies.GetAsync(id, cancellation) is null)
        {
            return RunRoutes.NotFound(studies, id);
        }

        var (trials, total) = await studies.TrialsAsync(id, page, pageSize, cancellation);
        return TypedResults.Ok(new TrialPage(page, pageSize, total, [.. trials.Select(StudyTrialResponse.From)]));
    }

    private static async Task<Ok<EnsembleVersionInfo>> Apply(int id, int? point, StudyService studies, CancellationToken cancellation) =>
        TypedResults.Ok(await studies.ApplyAsync(id, cancellation, point));
}
