using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.TrainingJobs;
using Ensemble.Web.Endpoints.Runs;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Training;

public static class TrainingJobsApi
{
    private const string Path = "/api/training/jobs";

    public static IEndpointRouteBuilder MapTrainingJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("Training");
        group.MapPost("/", Create)
            .RequireAdmin()
            .WithName("CreateTrainingJob")
            .WithSummary("Queue a training job")
            .WithDescription(TrainingJobsApiTexts.CreateTrainingJob)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapRunRoutes<TrainingJobService, TrainingJobRecord, TrainingProgress, TrainingJobResponse>(Path, TrainingJobsApiTexts.Runs, TrainingJobResponse.From);
        return app;
    }

    private static async Task<Accepted<TrainingJobResponse>> Create(TrainingJobRequest request, TrainingJobService jobs, CancellationToken cancellation)
    {
        var job = await jobs.QueueAsync(request, cancellation);
        return TypedResults.Accepted($"{Path}/{job.Id}", TrainingJobResponse.From(job, null));
    }
}
