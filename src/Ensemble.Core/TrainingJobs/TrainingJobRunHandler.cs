using Ensemble.Core.Models.Publishing;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Ensemble.Training.Fitting;
using Ensemble.Training.Kernels;
using Ensemble.Training.Networks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ensemble.Core.TrainingJobs;

/// <summary>
/// Trains one job. Every epoch's metrics are saved as it ends and a checkpoint is written beside them, so a job cut
/// short by a crash or a shutdown resumes from its last epoch. A finished model is published into the models
/// folder and served at once.
/// </summary>
public sealed class TrainingJobRunHandler(
    IDbContextFactory<EnsembleDbContext> databases, TrainingData data, ModelPublisher publisher, CheckpointPaths checkpoints, ILogger<TrainingJobRunHandler> logger)
    : RunHandler<TrainingJobRecord>
{
    public override RunKind Kind => RunKind.TrainingJob;

    public override RunLane Lane => RunLane.Training;

    public override string Noun => "training job";

    public override bool CanResume => true;

    public override async Task ExecuteAsync(RunContext run)
    {
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        var job = await db.TrainingJobs.FirstAsync(j => j.Id == run.Id, CancellationToken.None);
        // Synchronous on a thread of its own: the data and the network live only in that frame, which has returned
        // by the time the engine hands their memory back. Held by this method's state machine, they stayed reachable
        // until its continuations had run, and half the time the engine's collection found them still alive.
        var (name, validation, test) = await Task.Run(() => TrainAndPublish(run, job, db), CancellationToken.None);
        logger.LogInformation("Training job {Id} registered model {Name}: validation {Validation:P2}, test {Test:P2}", run.Id, name, validation, test);
    }

    private (string Name, double Validation, double Test) TrainAndPublish(RunContext run, TrainingJobRecord job, EnsembleDbContext db)
    {
        job.Threads = WorkerPool.Shared.Threads;
        var task = data.Resolve(job.Task);
        var splits = data.Load(task);
        var network = Architectures.Create(job.Options.Architecture, job.Options.Seed, job.Options.Width, splits.Task);
        (job.Parameters, job.MegaFlops) = (network.ParameterCount, Math.Round(network.Flops / 1e6, 2));
        var checkpoint = checkpoints.Job(run.Id);
        var resume = File.Exists(checkpoint);
        if (resume)
        {
            // The checkpoint is written before the epoch reaches the database, so it is the full record.
            job.Epochs = [.. Checkpoint.ReadHeader(checkpoint).History];
        }

        job.TrainImages = Math.Min(job.Options.Limit ?? int.MaxValue, splits.Train.Count);
        db.SaveChanges();

        var observer = new JobObserver(run, job, db);
        var result = new Trainer(observer).Run(job.Options, splits, checkpoint, resume, run.Cancellation);
        job.TrainingSeconds = Math.Round(result.Seconds, 1);
        if (result.Cancelled)
        {
            db.SaveChanges();
            throw new OperationCanceledException(run.Cancellation);
        }

        observer.Finishing();
        var validation = Evaluator.Evaluate(result.Network, splits.Validation);
        var test = Evaluator.Evaluate(result.Network, splits.Test);
        var (name, card) = publisher.Publish(result, validation, test, job.RequestedName ?? $"{job.Options.Architecture}-{run.Id}", task);
        (job.ModelName, job.ModelSha256) = (name, card.Sha256);
        (job.ValidationAccuracy, job.ValidationLogLoss, job.TestAccuracy, job.TestLogLoss) = (validation.Accuracy, validation.LogLoss, test.Accuracy, test.LogLoss);
        db.SaveChanges();
        File.Delete(checkpoint);
        return (name, validation.Accuracy, test.Accuracy);
    }

    /// <summary>Publishes live progress and stores each finished epoch at once (on the trainer's thread; the job's context is idle meanwhile).</summary>
    private sealed class JobObserver(RunContext run, TrainingJobRecord job, EnsembleDbContext db) : ITrainingObserver
    {
        private const int CurvePointsPerEpoch = 25;
        private readonly List<CurvePoint> _curve = [];
        private CurvePoint[] _snapshot = [];
        private TrainingProgress? _last;
        private int _every = 1;

        public void OnEpochStarted(int epoch, int epochs, int batches) => _every = Math.Max(1, batches / CurvePointsPerEpoch);

        public void OnBatch(BatchProgress p)
        {
            if (p.Batch % _every == 0 || p.Batch == p.Batches)
            {
                _curve.Add(new CurvePoint(p.Epoch - 1 + (double)p.Batch / p.Batches, p.RunningLoss, p.RunningAccuracy));
                _snapshot = [.. _curve];
            }

            run.Report(_last = new TrainingProgress(p.Epoch, p.Epochs, p.Batch, p.Batches, p.RunningLoss, p.RunningAccuracy, p.ImagesPerSecond, p.Remaining, _snapshot));
        }

        public void OnEpochCompleted(EpochMetrics metrics)
        {
            job.Epochs = [.. job.Epochs.Where(e => e.Epoch < metrics.Epoch), metrics];
            db.SaveChanges();
        }

        /// <summary>Training is over; what remains is scoring and publishing.</summary>
        public void Finishing()
        {
            if (_last is not null)
            {
                run.Report(_last with { Remaining = TimeSpan.Zero });
            }
        }
    }
}
