using System.Collections.Concurrent;
using System.Diagnostics;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Jobs;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Telemetry;
using Ensemble.Training.Data;
using Ensemble.Training.Optimizers;
using Ensemble.Training.Tensors;
using Ensemble.Training.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ensemble.Core.Searches;

/// <summary>
/// Hyperparameter search by successive halving or Hyperband: configurations drawn at random from the space are
/// trained for a few epochs on a subset of the training split, and at each rung only the best 1/η continue,
/// from their checkpoints, to η times the epochs. Every trial, its validation curve and why it stopped are stored.
/// </summary>
public sealed class SearchService(
    IDbContextFactory<EnsembleDbContext> databases, TrainingData data, TrainingJobService jobs, CheckpointPaths checkpoints, TimeProvider clock,
    EnsembleMetrics metrics, ILogger<SearchService> logger)
{
    /// <summary>Epochs of the job a promoted configuration gets unless told otherwise: the committed models' recipe.</summary>
    public const int DefaultFullEpochs = 20;

    private readonly ConcurrentDictionary<int, SearchProgress> _progress = new();
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _running = new();

    public async Task<SearchRecord> CreateAsync(SearchRequest request, CancellationToken cancellation = default)
    {
        var space = request.Space ?? new SearchSpace();
        var budget = request.Budget ?? new SearchBudget();
        if (space.Problem() is { } spaceProblem)
        {
            throw new EnsembleException(EnsembleErrorKind.Invalid, spaceProblem, "space");
        }

        if (budget.Problem() is { } budgetProblem)
        {
            throw new EnsembleException(EnsembleErrorKind.Invalid, budgetProblem, "budget");
        }

        if (!data.IsAvailable)
        {
            throw new EnsembleException(EnsembleErrorKind.Unavailable, data.MissingMessage);
        }

        var search = new SearchRecord
        {
            Space = space,
            Budget = budget,
            Status = TrainingStatus.Queued,
            CreatedUtc = clock.GetUtcNow(),
            EpochsPlanned = PlannedEpochs(HalvingSchedule.Brackets(budget)),
        };
        await using var db = await databases.CreateDbContextAsync(cancellation);
        db.Searches.Add(search);
        await db.SaveChangesAsync(cancellation);
        return search;
    }

    /// <summary>Epochs trained in all: a trial that goes on trains only the epochs between its rungs.</summary>
    public static int PlannedEpochs(IReadOnlyList<Bracket> brackets) =>
        brackets.Sum(b => b.Rungs.Select((r, i) => r.Trials * (r.Epochs - (i == 0 ? 0 : b.Rungs[i - 1].Epochs))).Sum());

    public SearchProgress? Progress(int id) => _progress.GetValueOrDefault(id);

    public async Task<SearchRecord?> GetAsync(int id, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.Searches.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellation);
    }

    public async Task<IReadOnlyList<SearchRecord>> ListAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.Searches.AsNoTracking().OrderByDescending(s => s.Id).ToListAsync(cancellation);
    }

    public async Task<IReadOnlyList<SearchTrialRecord>> TrialsAsync(int id, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.SearchTrials.AsNoTracking().Where(t => t.SearchId == id).OrderBy(t => t.Number).ToListAsync(cancellation);
    }

    public async Task<bool> CancelAsync(int id, CancellationToken cancellation = default)
    {
        if (_running.TryGetValue(id, out var source))
        {
            await source.CancelAsync();
            return true;
        }

        await using var db = await databases.CreateDbContextAsync(cancellation);
        var search = await db.Searches.FindAsync([id], cancellation);
        if (search is not { Status: TrainingStatus.Queued })
        {
            return false;
        }

        search.Status = TrainingStatus.Cancelled;
        search.FinishedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellation);
        return true;
    }

    /// <summary>At start-up: searches that were queued or running when the process stopped are interrupted, their trials kept.</summary>
    public async Task MarkInterruptedAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var stale = await db.Searches.Where(s => s.Status == TrainingStatus.Running || s.Status == TrainingStatus.Queued).ToListAsync(cancellation);
        foreach (var search in stale)
        {
            search.Status = TrainingStatus.Interrupted;
            search.FinishedUtc ??= clock.GetUtcNow();
            logger.LogWarning("Search {Id} was cut short by the process stopping; its trials are kept", search.Id);
        }

        var ids = stale.Select(s => s.Id).ToList();
        foreach (var trial in await db.SearchTrials.Where(t => ids.Contains(t.SearchId) && t.Outcome == TrialOutcome.Running).ToListAsync(cancellation))
        {
            trial.Outcome = TrialOutcome.Cancelled;
            trial.Reason = "The process stopped while it trained.";
        }

        await db.SaveChangesAsync(cancellation);
    }

    /// <summary>Queues a job that trains a trial's configuration (the best one by default) on the whole training split.</summary>
    public async Task<TrainingJobRecord> PromoteAsync(int id, int? trialNumber, int? epochs, string? name, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var search = await db.Searches.FirstOrDefaultAsync(s => s.Id == id, cancellation)
            ?? throw new EnsembleException(EnsembleErrorKind.NotFound, $"No search has id {id}.");
        var number = trialNumber ?? search.BestTrial
            ?? throw new EnsembleException(EnsembleErrorKind.Conflict, $"Search {id} has no best trial yet ({search.Status}).");
        var trial = await db.SearchTrials.FirstOrDefaultAsync(t => t.SearchId == id && t.Number == number, cancellation)
            ?? throw new EnsembleException(EnsembleErrorKind.NotFound, $"Search {id} has no trial {number}.");
        if (epochs is < 1 or > 200)
        {
            throw new EnsembleException(EnsembleErrorKind.Invalid, "epochs must be between 1 and 200.", "epochs");
        }

        var options = TrialOptions(trial.Configuration, search.Budget, trial.Seed) with
        {
            Epochs = epochs ?? DefaultFullEpochs,
            BatchSize = new TrainingOptions().BatchSize,
            WarmupEpochs = new TrainingOptions().WarmupEpochs,
        };
        var job = await jobs.CreateAsync(options, name, id, number, cancellation);
        search.PromotedJobId = job.Id;
        await db.SaveChangesAsync(cancellation);
        return job;
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
            if (Directory.Exists(checkpoints.Search(id)))
            {
                Directory.Delete(checkpoints.Search(id), recursive: true);
            }
        }
    }

    private static TrainingOptions TrialOptions(SearchConfiguration c, SearchBudget budget, int seed) => new()
    {
        Architecture = c.Architecture,
        Width = c.Width,
        LearningRate = c.LearningRate,
        WeightDecay = c.WeightDecay,
        Augment = c.Augment,
        Optimizer = OptimizerKind.AdamW,
        Cosine = true,
        WarmupEpochs = 0,
        BatchSize = budget.BatchSize,
        // Every trial's schedule spans the last rung, so a trial that goes on continues exactly where it paused.
        Epochs = budget.MaxEpochs,
        Seed = seed,
    };

    private async Task RunCoreAsync(int id, CancellationToken stopping, CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        var search = await db.Searches.FirstAsync(s => s.Id == id, CancellationToken.None);
        if (search.Status != TrainingStatus.Queued)
        {
            return;
        }

        search.Status = TrainingStatus.Running;
        search.StartedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.Started("search");
        var started = Stopwatch.GetTimestamp();
        var budget = search.Budget;
        var alive = new List<SearchTrialRecord>();
        try
        {
            var full = data.Splits;
            var subset = new DatasetSplits(full.Train.Take(budget.TrainImages), full.Validation.Take(budget.ValidationImages), full.Test);
            var random = SplitMix64.ForStream(budget.Seed, stream: 11);
            var number = 0;
            foreach (var bracket in HalvingSchedule.Brackets(budget))
            {
                alive = [];
                for (var i = 0; i < bracket.Rungs[0].Trials; i++)
                {
                    number++;
                    alive.Add(new SearchTrialRecord
                    {
                        SearchId = id,
                        Number = number,
                        Bracket = bracket.Index,
                        Configuration = search.Space.Sample(ref random),
                        Seed = budget.Seed * 1_000 + number,
                        Outcome = TrialOutcome.Running,
                    });
                }

                db.SearchTrials.AddRange(alive);
                await db.SaveChangesAsync(CancellationToken.None);
                for (var r = 0; r < bracket.Rungs.Count; r++)
                {
                    var rung = bracket.Rungs[r];
                    foreach (var trial in alive)
                    {
                        await TrainAsync(db, search, trial, r, rung.Epochs, subset, started, cancellation);
                    }

                    alive = Rank(alive, r, bracket, rung);
                    await db.SaveChangesAsync(CancellationToken.None);
                }
            }

            var best = await db.SearchTrials.Where(t => t.SearchId == id && t.ValidationAccuracy != null)
                .OrderByDescending(t => t.Outcome == TrialOutcome.Completed).ThenByDescending(t => t.ValidationAccuracy).FirstOrDefaultAsync(CancellationToken.None);
            (search.BestTrial, search.BestValidationAccuracy) = (best?.Number, best?.ValidationAccuracy);
            search.Status = TrainingStatus.Completed;
        }
        catch (OperationCanceledException)
        {
            foreach (var trial in alive.Where(t => t.Outcome == TrialOutcome.Running))
            {
                trial.Outcome = TrialOutcome.Cancelled;
                trial.Reason = "The search was cancelled while it trained.";
            }

            search.Status = stopping.IsCancellationRequested ? TrainingStatus.Interrupted : TrainingStatus.Cancelled;
        }
        catch (DatasetNotFoundException e)
        {
            search.Status = TrainingStatus.Failed;
            search.Error = e.Message;
        }

        search.Seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
        search.FinishedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.Finished("search", search.Status.ToString());
    }

    private async Task TrainAsync(
        EnsembleDbContext db, SearchRecord search, SearchTrialRecord trial, int rung, int epochs, DatasetSplits subset, long started, CancellationToken cancellation)
    {
        var checkpoint = checkpoints.SearchTrial(search.Id, trial.Number);
        var options = TrialOptions(trial.Configuration, search.Budget, trial.Seed);
        var observer = new TrialObserver(this, search, trial, rung, epochs, db, started);
        var clockStart = Stopwatch.GetTimestamp();
        try
        {
            var run = await Task.Run(
                () => new Trainer(observer).Run(options, subset, checkpoint, resume: File.Exists(checkpoint), cancellation, stopAfterEpoch: epochs), CancellationToken.None);
            if (run.Cancelled)
            {
                throw new OperationCanceledException(cancellation);
            }
        }
        catch (ArithmeticException e)
        {
            trial.Outcome = TrialOutcome.Failed;
            trial.Reason = e.Message;
            logger.LogInformation("Search {Id} trial {Trial} diverged: {Reason}", search.Id, trial.Number, e.Message);
        }

        trial.Rung = rung;
        trial.Seconds = Math.Round(trial.Seconds + Stopwatch.GetElapsedTime(clockStart).TotalSeconds, 1);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Orders a rung's survivors by validation accuracy; the best go on, the rest stop here with their rank as the reason.</summary>
    private static List<SearchTrialRecord> Rank(List<SearchTrialRecord> trials, int r, Bracket bracket, Rung rung)
    {
        var ranked = trials.Where(t => t.Outcome == TrialOutcome.Running).OrderByDescending(t => t.ValidationAccuracy).ThenBy(t => t.Number).ToList();
        var last = r == bracket.Rungs.Count - 1;
        var keep = last ? ranked.Count : bracket.Rungs[r + 1].Trials;
        for (var i = 0; i < ranked.Count; i++)
        {
            var trial = ranked[i];
            var standing = $"rank {i + 1} of {ranked.Count} at rung {r + 1} ({trial.ValidationAccuracy:P2} after {rung.Epochs} epoch(s))";
            (trial.Outcome, trial.Reason) = last ? (TrialOutcome.Completed, $"Reached the last rung: {standing}.")
                : i < keep ? (TrialOutcome.Running, $"Continues to {bracket.Rungs[r + 1].Epochs} epochs: {standing}.")
                : (TrialOutcome.Stopped, $"Stopped early: {standing}; only the best {keep} went on.");
        }

        return last ? [] : [.. ranked.Take(keep)];
    }

    private sealed class TrialObserver(
        SearchService service, SearchRecord search, SearchTrialRecord trial, int rung, int targetEpochs, EnsembleDbContext db, long started) : ITrainingObserver
    {
        public void OnEpochStarted(int epoch, int epochs, int batches)
        {
        }

        public void OnBatch(BatchProgress p)
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var done = search.EpochsDone + (double)p.Batch / p.Batches;
            TimeSpan? remaining = done > 0 ? TimeSpan.FromSeconds(seconds / done * Math.Max(0, search.EpochsPlanned - done)) : null;
            service._progress[search.Id] = new SearchProgress(trial.Bracket, rung, trial.Number, p.Epoch, targetEpochs, p.Batch, p.Batches, search.EpochsDone, search.EpochsPlanned, remaining);
        }

        public void OnEpochCompleted(EpochMetrics metrics)
        {
            trial.Curve = [.. trial.Curve.Where(e => e.Epoch < metrics.Epoch), metrics];
            (trial.ValidationAccuracy, trial.ValidationLogLoss) = (metrics.ValidationAccuracy, metrics.ValidationLoss);
            search.EpochsDone++;
            db.SaveChanges();
        }
    }
}
