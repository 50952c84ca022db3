using Ensemble.Core.Models.Publishing;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Ensemble.Training.Fitting;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.TrainingJobs;

/// <summary>Queues, lists, cancels and resumes training jobs; <see cref="TrainingJobRunHandler"/> runs them on the training lane.</summary>
public sealed class TrainingJobService(IDbContextFactory<EnsembleDbContext> databases, TrainingData data, ModelPublisher publisher, RunEngine engine)
    : RunService<TrainingJobRecord, TrainingProgress>(databases, engine, RunKind.TrainingJob)
{
    /// <summary>Why the task named (or the default task) cannot be trained on now, or null when it can.</summary>
    public string? MissingData(string? task = null)
    {
        try
        {
            return data.MissingMessage(data.Resolve(task));
        }
        catch (RefusalException e)
        {
            return e.Message;
        }
    }

    public Task<TrainingJobRecord> QueueAsync(TrainingJobRequest request, CancellationToken cancellation = default) =>
        QueueAsync(request.ToOptions(), request.Name, request.Task, searchId: null, searchTrial: null, cancellation);

    /// <summary>Checks the task, the options and the name, and queues the job.</summary>
    public Task<TrainingJobRecord> QueueAsync(TrainingOptions options, string? name, string? taskName, int? searchId, int? searchTrial, CancellationToken cancellation = default)
    {
        var task = data.Resolve(taskName);
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new RefusalException(RefusalKind.Invalid, e.Message, "options");
        }

        if (TrainingData.WhyNotFit(options.Architecture, task) is { } fit)
        {
            throw new RefusalException(RefusalKind.Invalid, fit, "architecture");
        }

        if (options.Epochs > TrainingJobRequest.MaxEpochs)
        {
            throw new RefusalException(RefusalKind.Invalid, $"A job trains at most {TrainingJobRequest.MaxEpochs} epochs; the committed models took 15 to 20.", "epochs");
        }

        if (name is not null && !ModelPublisher.IsValidName(name))
        {
            throw new RefusalException(RefusalKind.Invalid, "A model name is 1 to 48 lower-case letters, digits, '-' or '_', starting with a letter or digit.", "name");
        }

        if (name is not null && !publisher.IsFree(name, task.Folder))
        {
            throw new RefusalException(RefusalKind.Conflict, $"'{name}' is already a model or an ensemble; choose another name.", "name");
        }

        if (data.MissingMessage(task) is { } missing)
        {
            throw new RefusalException(RefusalKind.Unavailable, missing);
        }

        return Engine.EnqueueAsync(RunKind.TrainingJob, new TrainingJobRecord { RequestedName = name, Task = task.Name, Options = options, SearchId = searchId, SearchTrial = searchTrial }, cancellation);
    }

    protected override string? WhyNotResumable(TrainingJobRecord job) => data.MissingMessage(data.Resolve(job.Task));
}
