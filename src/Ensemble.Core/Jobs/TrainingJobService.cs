using System.Collections.Concurrent;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Telemetry;
using Ensemble.Training.Data;
using Ensemble.Training.Kernels;
using Ensemble.Training.Models;
using Ensemble.Training.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ensemble.Core.Jobs;

/// <summary>
/// Creates, runs and stores training jobs. Every epoch's metrics are saved as it ends and a checkpoint is written
/// beside them, so a job cut short by a crash shows as interrupted and resumes from its last epoch. A finished
/// model is published into the models folder and served at once.
/// </summary>
public sealed class TrainingJobService(
    IDbContextFactory<EnsembleDbContext> databases, TrainingData data, ModelPublisher publisher, CheckpointPaths checkpoints, TimeProvider clock,
    EnsembleMetrics metrics, ILogger<TrainingJobService> logger)
{
    private readonly ConcurrentDictionary<int, TrainingProgress> _progress = new();
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _running = new();

    /// <summary>The most epochs one job may ask for.</summary>
    public const int MaxEpochs = 500;

    public bool DataAvailable => data.IsAvailable;

    public string DataDirectory => data.Directory;

    public async Task<TrainingJobRecord> CreateAsync(TrainingJobRequest request, CancellationToken cancellation = default) =>
        await CreateAsync(request.ToOptions(), request.Name, searchId: null, searchTrial: null, cancellation);

    public async Task<TrainingJobRecord> CreateAsync(TrainingOptions options, string? name, int? searchId, int? searchTrial, CancellationToken cancellation = default)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new EnsembleException(EnsembleErrorKind.Invalid, e.Message, "options");
        }

        if (options.Epochs > MaxEpochs)
        {
            // One request must not book the shared training worker for weeks.
            throw new EnsembleException(EnsembleErrorKind.Invalid, $"A job trains at most {MaxEpochs} epochs; the committed models took 15.", "epochs");
        }

        if (name is not null && !ModelPublisher.IsValidName(name))
        {
            throw new EnsembleException(EnsembleErrorKind.Invalid, "A model name is 1 to 48 lower-case letters, digits, '-' or '_', starting with a letter or digit.", "name");
        }

        if (name is not null && !publisher.IsFree(name))
        {
            throw new EnsembleException(EnsembleErrorKind.Conflict, $"'{name}' is already a model or an ensemble; choose another name.", "name");
        }

        if (!data.IsAvailable)
        {
            throw new EnsembleException(EnsembleErrorKind.Unavailable, data.MissingMessage);
        }

        var job = new TrainingJobRecord
        {
            RequestedName = name,
            Options = options,
            Status = TrainingStatus.Queued,
            CreatedUtc = clock.GetUtcNow(),
            SearchId = searchId,
            SearchTrial = searchTrial,
        };
        await using var db = await databases.CreateDbContextAsync(cancellation);
        db.TrainingJobs.Add(job);
        await db.SaveChangesAsync(cancellation);
        return job;
    }

    public TrainingProgress? Progress(int id) => _progress.GetValueOrDefault(id);

    public async Task<TrainingJobRecord?> GetAsync(int id, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.TrainingJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellation);
    }

    public async Task<IReadOnlyList<TrainingJobRecord>> ListAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.TrainingJobs.AsNoTracking().OrderByDescending(j => j.Id).ToListAsync(cancellation);
    }

    /// <summary>Stops a running job after its current batch, or withdraws a queued one; false when it is neither.</summary>
    public async Task<bool> CancelAsync(int id, CancellationToken cancellation = default)
    {
        if (_running.TryGetValue(id, out var source))
        {
            await source.CancelAsync();
            return true;
        }

        await using var db = await databases.CreateDbContextAsync(cancellation);
        var job = await db.TrainingJobs.FindAsync([id], cancellation);
        if (job is not { Status: TrainingStatus.Queued })
        {
            return false;
        }

        job.Status = TrainingStatus.Cancelled;
        job.FinishedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellation);
        return true;
    }

    /// <summary>Queues an interrupted, cancelled or failed job again; it continues from its last checkpoint when there is one.</summary>
    public async Task ResumeAsync(int id, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var job = await db.TrainingJobs.FindAsync([id], cancellation) ?? throw new EnsembleException(EnsembleErrorKind.NotFound, $"No training job has id {id}.");
        if (job.Status is not (TrainingStatus.Interrupted or TrainingStatus.Cancelled or TrainingStatus.Failed))
        {
            throw new EnsembleException(EnsembleErrorKind.Conflict, $"Job {id} is {job.Status}; only an interrupted, cancelled or failed job can resume.");
        }

        if (!data.IsAvailable)
        {
            throw new EnsembleException(EnsembleErrorKind.Unavailable, data.MissingMessage);
        }

        job.Status = TrainingStatus.Queued;
        job.Error = null;
        job.FinishedUtc = null;
        await db.SaveChangesAsync(cancellation);
    }

    /// <summary>At start-up: running jobs become interrupted; the ids of queued ones are returned to be queued again.</summary>
    public async Task<IReadOnlyList<int>> RecoverAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var stale = await db.TrainingJobs.Where(j => j.Status == TrainingStatus.Running || j.Status == TrainingStatus.Queued).ToListAsync(cancellation);
        foreach (var job in stale.Where(j => j.Status == TrainingStatus.Running))
        {
            job.Status = TrainingStatus.Interrupted;
            job.FinishedUtc = clock.GetUtcNow();
            logger.LogWarning("Training job {Id} was running when the process stopped; {Epochs} epoch(s) are checkpointed and it can resume", job.Id, job.Epochs.Count);
        }

        await db.SaveChangesAsync(cancellation);
        return [.. stale.Where(j => j.Status == TrainingStatus.Queued).Select(j => j.Id).Order()];
    }

    public async Task RunAsync(int id, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[id] = cancel;
        try
        {
            await RunCoreAsync(id, stopping, cancel.Token);
        }
        finally
        {
            _running.TryRemove(id, out _);
            _progress.TryRemove(id, out _);
        }
    }

    private async Task RunCoreAsync(int id, CancellationToken stopping, CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        var job = await db.TrainingJobs.FirstAsync(j => j.Id == id, CancellationToken.None);
        if (job.Status != TrainingStatus.Queued)
        {
            return;
        }

        job.Status = TrainingStatus.Running;
        job.StartedUtc ??= clock.GetUtcNow();
        job.Threads = WorkerPool.Shared.Threads;
        var network = Architectures.Create(job.Options.Architecture, job.Options.Seed, job.Options.Width);
        (job.Parameters, job.MegaFlops) = (network.ParameterCount, Math.Round(network.Flops / 1e6, 2));
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.Started("training-job");

        var checkpoint = checkpoints.Job(id);
        var resume = File.Exists(checkpoint);
        try
        {
            if (resume)
            {
                // The checkpoint is written before the epoch reaches the database, so it is the full record.
                job.Epochs = [.. Checkpoint.ReadHeader(checkpoint).History];
            }

            var splits = data.Splits;
            job.TrainImages = Math.Min(job.Options.Limit ?? int.MaxValue, splits.Train.Count);
            var observer = new JobObserver(this, id, job, db);
            var run = await Task.Run(() => new Trainer(observer).Run(job.Options, splits, checkpoint, resume, cancellation), CancellationToken.None);
            job.TrainingSeconds = Math.Round(run.Seconds, 1);
            if (run.Cancelled)
            {
                // Shutting down is not the user's cancel: the job resumes after the restart like one a crash cut short.
                job.Status = stopping.IsCancellationRequested ? TrainingStatus.Interrupted : TrainingStatus.Cancelled;
            }
            else
            {
                if (_progress.TryGetValue(id, out var last))
                {
                    _progress[id] = last with { Remaining = TimeSpan.Zero };
                }

                var validation = Evaluator.Evaluate(run.Network, splits.Validation);
                var test = Evaluator.Evaluate(run.Network, splits.Test);
                var (name, card) = publisher.Publish(run, validation, test, job.RequestedName ?? $"{job.Options.Architecture}-{id}");
                (job.ModelName, job.ModelSha256) = (name, card.Sha256);
                (job.ValidationAccuracy, job.ValidationLogLoss, job.TestAccuracy, job.TestLogLoss) = (validation.Accuracy, validation.LogLoss, test.Accuracy, test.LogLoss);
                job.Status = TrainingStatus.Completed;
                File.Delete(checkpoint);
                logger.LogInformation("Training job {Id} registered model {Name}: validation {Validation:P2}, test {Test:P2}", id, name, validation.Accuracy, test.Accuracy);
            }
        }
        catch (Exception e) when (e is DatasetNotFoundException or ArithmeticException or InvalidDataException or IOException or ArgumentException)
        {
            logger.LogError(e, "Training job {Id} failed", id);
            job.Status = TrainingStatus.Failed;
            job.Error = e is DatasetNotFoundException ? data.MissingMessage : e.Message;
        }

        job.FinishedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.Finished("training-job", job.Status.ToString());
    }

    /// <summary>Publishes live progress and stores each finished epoch at once (on the trainer's thread; the job's context is idle meanwhile).</summary>
    private sealed class JobObserver(TrainingJobService service, int id, TrainingJobRecord job, EnsembleDbContext db) : ITrainingObserver
    {
        private const int CurvePointsPerEpoch = 25;
        private readonly List<CurvePoint> _curve = [];
        private CurvePoint[] _snapshot = [];
        private int _every = 1;

        public void OnEpochStarted(int epoch, int epochs, int batches) => _every = Math.Max(1, batches / CurvePointsPerEpoch);

        public void OnBatch(BatchProgress p)
        {
            if (p.Batch % _every == 0 || p.Batch == p.Batches)
            {
                _curve.Add(new CurvePoint(p.Epoch - 1 + (double)p.Batch / p.Batches, p.RunningLoss, p.RunningAccuracy));
                _snapshot = [.. _curve];
            }

            service._progress[id] = new TrainingProgress(p.Epoch, p.Epochs, p.Batch, p.Batches, p.RunningLoss, p.RunningAccuracy, p.ImagesPerSecond, p.Remaining, _snapshot);
        }

        public void OnEpochCompleted(EpochMetrics metrics)
        {
            job.Epochs = [.. job.Epochs.Where(e => e.Epoch < metrics.Epoch), metrics];
            db.SaveChanges();
        }
    }
}
