using Ensemble.Core.Studies;
using Ensemble.Core.Versions;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Studies;

public static class StudiesApi
{
    private const int MaxPageSize = 1_000;

    public static IEndpointRouteBuilder MapStudiesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/studies").WithTags("Studies");
        group.MapPost("/", Create)
            .RequireAdmin()
            .WithName("CreateStudy")
            .WithSummary("Start a weight-tuning study")
            .WithDescription("Queues a study on the members of `ensemble` (without it, the uniform ensemble of `task`, or of the default task): RandomSearch (Dirichlet(α) weights, `budget` trials), Greedy (Caruana's ensemble selection with replacement, `budget` iterations) or LogLossOptimum (EM to the exact log-loss minimum). The validation split is cut into `folds` folds (or one `holdoutFraction`): weights are fitted on the fit part and scored on the held-out part; the refitted weights are scored on the test split, which no strategy fits on. Runs on the tuning lane, one study at a time; follow it with GET /api/studies/{id} or the event stream GET /api/runs/events?kind=Study&id={id}.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List)
            .WithName("ListStudies")
            .WithSummary("List the studies, newest first")
            .WithDescription("Settings, status, progress and results of every study, for comparing strategies side by side.");
        group.MapGet("/{id:int}", Get)
            .WithName("GetStudy")
            .WithSummary("One study with its live progress and results")
            .WithDescription("While running: trials done, expected, trials/s and ETA. When completed: the weights, held-out and test accuracy and log-loss, next to uniform averaging and the best single model. A study that was running when the process stopped shows as Interrupted, with its finished trials kept.");
        group.MapGet("/{id:int}/trials", Trials)
            .WithName("ListStudyTrials")
            .WithSummary("A page of a study's trials")
            .WithDescription("Trials ordered by fold and number, each with its weights, fit score and held-out score. `page` counts from 0; `pageSize` up to 1,000.");
        group.MapPost("/{id:int}/cancel", Cancel)
            .RequireAdmin()
            .WithName("CancelStudy")
            .WithSummary("Stop a queued or running study")
            .WithDescription("The trials finished so far are kept. 409 when the study is not queued or running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:int}/apply", Apply)
            .RequireAdmin()
            .WithName("ApplyStudy")
            .WithSummary("Apply a completed study's weights")
            .WithDescription("Saves the weights as a new active version of the study's ensemble with the study as provenance. 409 when the study is not completed or a member's file changed since it ran.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Accepted<StudyResponse>> Create(StudyRequest request, StudyService studies, CancellationToken cancellation)
    {
        var study = await studies.QueueAsync(request, cancellation);
        return TypedResults.Accepted($"/api/studies/{study.Id}", StudyResponse.From(study, null));
    }

    private static async Task<Ok<StudyResponse[]>> List(StudyService studies, CancellationToken cancellation) =>
        TypedResults.Ok((await studies.ListAsync(cancellation)).Select(s => StudyResponse.From(s, studies.Progress(s.Id))).ToArray());

    private static async Task<Results<Ok<StudyResponse>, ProblemHttpResult>> Get(int id, StudyService studies, CancellationToken cancellation) =>
        await studies.GetAsync(id, cancellation) is { } study
            ? TypedResults.Ok(StudyResponse.From(study, studies.Progress(id)))
            : NotFound(id);

    private static async Task<Results<Ok<TrialPage>, ProblemHttpResult>> Trials(int id, StudyService studies, CancellationToken cancellation, int page = 0, int pageSize = 100)
    {
        if (page < 0 || pageSize is < 1 or > MaxPageSize)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid page", detail: $"page must be 0 or more and pageSize 1 to {MaxPageSize}.");
        }

        if (await studies.GetAsync(id, cancellation) is null)
        {
            return NotFound(id);
        }

        var (trials, total) = await studies.TrialsAsync(id, page, pageSize, cancellation);
        return TypedResults.Ok(new TrialPage(page, pageSize, total, [.. trials.Select(StudyTrialResponse.From)]));
    }

    private static async Task<Accepted> Cancel(int id, StudyService studies, CancellationToken cancellation)
    {
        await studies.CancelAsync(id, cancellation);
        return TypedResults.Accepted($"/api/studies/{id}");
    }

    private static async Task<Ok<EnsembleVersionInfo>> Apply(int id, StudyService studies, CancellationToken cancellation) =>
        TypedResults.Ok(await studies.ApplyAsync(id, cancellation));

    private static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No study has id {id}.");
}
