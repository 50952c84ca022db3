using Ensemble.Core.TrainingJobs;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Training;

public static class TrainingJobsApi
{
    public static IEndpointRouteBuilder MapTrainingJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/training/jobs").WithTags("Training");
        group.MapPost("/", Create)
            .RequireAdmin()
            .WithName("CreateTrainingJob")
            .WithSummary("Queue a training job")
            .WithDescription("Trains one model of an image task (`task`, default the default task) in the app with the pure C# trainer, built for the task's C×H×W input and classes: `architecture` (residual, separable, vgg, mlp), `width` multiplier, `epochs`, `batchSize`, `optimizer` (AdamW, Adam, RmsProp, Sgd), `learningRate`, `cosine` schedule with `warmupEpochs`, `weightDecay`, `augment`, `seed`, and `limit` (train on the first N images). Omitted fields take the recipe of the committed models. One job or search trains at a time; the others wait in order. On success the model is written into the task's folder as `name` (or ARCH-ID; a taken name gets a suffix, nothing is overwritten) and served at once. 404 for an unknown task, 400 for a preset the task's input is too small for, 503 when the task's train split is neither in its data/ folder nor where Training:TrainData:<task> points (for Fashion-MNIST: apt-get install dataset-fashion-mnist).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/", List)
            .WithName("ListTrainingJobs")
            .WithSummary("List the training jobs, newest first")
            .WithDescription("The queue and the history: every job's hyperparameters, state, per-epoch metrics, final validation and test accuracy, training time and model.");
        group.MapGet("/{id:int}", Get)
            .WithName("GetTrainingJob")
            .WithSummary("One training job with its epoch metrics and live progress")
            .WithDescription("While running: epoch and batch, images/s, running loss and accuracy, ETA and the running curve. Per epoch: training loss and accuracy, validation loss and accuracy, seconds and learning rate. A job that was running when the process stopped shows as Interrupted and can resume.");
        group.MapPost("/{id:int}/cancel", Cancel)
            .RequireAdmin()
            .WithName("CancelTrainingJob")
            .WithSummary("Stop a queued or running job")
            .WithDescription("A running job stops after its current batch; its last epoch checkpoint is kept so it can resume. No model file is written. 409 when the job is not queued or running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:int}/resume", Resume)
            .RequireAdmin()
            .WithName("ResumeTrainingJob")
            .WithSummary("Resume an interrupted, cancelled or failed job")
            .WithDescription("Queues the job again; it continues from its last epoch checkpoint, bit for bit as if it had not stopped. 409 for a job in any other state.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Accepted<TrainingJobResponse>> Create(TrainingJobRequest request, TrainingJobService jobs, CancellationToken cancellation)
    {
        var job = await jobs.QueueAsync(request, cancellation);
        return TypedResults.Accepted($"/api/training/jobs/{job.Id}", TrainingJobResponse.From(job, null));
    }

    private static async Task<Ok<TrainingJobResponse[]>> List(TrainingJobService jobs, CancellationToken cancellation) =>
        TypedResults.Ok((await jobs.ListAsync(cancellation)).Select(j => TrainingJobResponse.From(j, jobs.Progress(j.Id))).ToArray());

    private static async Task<Results<Ok<TrainingJobResponse>, ProblemHttpResult>> Get(int id, TrainingJobService jobs, CancellationToken cancellation) =>
        await jobs.GetAsync(id, cancellation) is { } job ? TypedResults.Ok(TrainingJobResponse.From(job, jobs.Progress(id))) : NotFound(id);

    private static async Task<Accepted> Cancel(int id, TrainingJobService jobs, CancellationToken cancellation)
    {
        await jobs.CancelAsync(id, cancellation);
        return TypedResults.Accepted($"/api/training/jobs/{id}");
    }

    private static async Task<Accepted> Resume(int id, TrainingJobService jobs, CancellationToken cancellation)
    {
        await jobs.ResumeAsync(id, cancellation);
        return TypedResults.Accepted($"/api/training/jobs/{id}");
    }

    private static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No training job has id {id}.");
}
