using System.Diagnostics;
using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Hyperparameters.Sampling;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Ensemble.Core.Searches.Analysis;
using Ensemble.Core.TrainingJobs;
using Ensemble.Tasks.Data;
using Ensemble.Training.Fitting;
using Ensemble.Training.Tensors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ensemble.Core.Searches;

/// <summary>
/// Runs a search by successive halving, Hyperband or in full: configurations proposed by the budget's sampler
/// (at random, or by a model of the earlier trials' scores) train for a few epochs on a subset of the training
/// split, and at each rung only the best 1/η continue, from their checkpoints, to η times the epochs. Every trial, its validation curve and why it stopped are stored. A resumed search replays
/// its schedule: stored trials keep their configuration and curve and train only the epochs they lack, so it ends
/// where a search that never stopped would have.
/// </summary>
public sealed class SearchRunHandler(
    IDbContextFactory<EnsembleDbContext> databases, TrainingData data, CheckpointPaths checkpoints, ILogger<SearchRunHandler> logger) : RunHandler<SearchRecord>
{
    public override RunKind Kind => RunKind.Search;

    public override RunLane Lane => RunLane.Training;

    public override string Noun => "search";

    public override bool CanResume => true;

    public override async Task ExecuteAsync(RunContext run)
    {
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        var search = await db.Searches.FirstAsync(s => s.Id == run.Id, CancellationToken.None);
        var stored = (await db.SearchTrials.Where(t => t.SearchId == run.Id).ToListAsync(CancellationToken.None)).ToDictionary(t => t.Number);
        foreach (var trial in stored.Values.Where(t => t.Outcome != TrialOutcome.Failed))
        {
            // Decided again by the replay; a checkpoint that got further than the database did is the full record.
            (trial.Outcome, trial.Reason) = (TrialOutcome.Running, null);
            if (File.Exists(checkpoints.SearchTrial(run.Id, trial.Number)))
            {
                trial.Curve = [.. Checkpoint.ReadHeader(checkpoints.SearchTrial(run.Id, trial.Number)).History];
                (trial.ValidationAccuracy, trial.ValidationLogLoss) = trial.Curve is [.., var last] ? ((double?)last.ValidationAccuracy, (double?)last.ValidationLoss) : (null, null);
            }
        }

        search.EpochsDone = stored.Values.Sum(t => t.Curve.Count);
        // Synchronous on a thread of its own: the training data and every trial's network live only in that frame,
        // which has returned by the time the engine hands their memory back (a state machine of this method's would
        // keep them reachable until its continuations had run).
        await Task.Run(() => RunSchedule(run, db, search, stored), CancellationToken.None);

        // Done: nothing will continue from the checkpoints (a cancelled or failed search keeps them to resume).
        if (Directory.Exists(checkpoints.Search(run.Id)))
        {
            Directory.Delete(checkpoints.Search(run.Id), recursive: true);
        }
    }

    private void RunSchedule(RunContext run, EnsembleDbContext db, SearchRecord search, Dictionary<int, SearchTrialRecord> stored)
    {
        // The clock goes on from the seconds an earlier run of this search spent.
        var started = Stopwatch.GetTimestamp() - (long)(search.Seconds * Stopwatch.Frequency);
        var budget = search.Budget;
        try
        {
            var full = data.Load(data.Resolve(search.Task));
            var subset = full with { Train = full.Train.Take(budget.TrainImages), Validation = full.Validation.Take(budget.ValidationImages) };
            var dimensions = search.Space.Dimensions(budget.BatchSize);
            var sampler = Sampler(budget);
            var number = 0;
            foreach (var bracket in HalvingSchedule.Brackets(budget))
            {
                var alive = new List<SearchTrialRecord>();
                var first = bracket.Rungs[0];
                for (var i = 0; i < first.Trials; i++)
                {
                    number++;
                    if (!stored.TryGetValue(number, out var trial))
                    {
                        // Proposed from what the trials before it had shown when it started: the same in a resumed run.
                        var random = SplitMix64.ForStream(budget.Seed, stream: 11, index: number);
                        var observations = TrialHistory.ForModel(TrialHistory.Of(stored.Values, bracket.Index, number, dimensions, search), budget.StartupTrials);
                        trial = new SearchTrialRecord
                        {
                            SearchId = run.Id,
                            Number = number,
                            Bracket = bracket.Index,
                            Configuration = search.Space.Decode(dimensions, sampler.Propose(dimensions, observations, ref random)),
                            Seed = budget.Seed * 1_000 + number,
                            Outcome = TrialOutcome.Running,
                        };
                        db.SearchTrials.Add(trial);
                        stored[number] = trial;
                        db.SaveChanges();
                    }

                    alive.Add(trial);
                    // The first rung trains trial by trial, so that the next proposal learns from this one.
                    if (trial.Outcome == TrialOutcome.Running && trial.Curve.Count < first.Epochs)
                    {
                        Train(db, run, search, trial, 0, first.Epochs, subset, started);
                    }
                }

                for (var r = 0; r < bracket.Rungs.Count; r++)
                {
                    var rung = bracket.Rungs[r];
                    foreach (var trial in alive.Where(t => t.Outcome == TrialOutcome.Running))
                    {
                        trial.Rung = r;
                        if (trial.Curve.Count < rung.Epochs)
                        {
                            Train(db, run, search, trial, r, rung.Epochs, subset, started);
                        }
                    }

                    alive = Rank(alive, r, bracket, rung);
                    search.Seconds = Seconds(started);
                    db.SaveChanges();
                }
            }

            var best = stored.Values.Where(t => t.ValidationAccuracy is not null)
                .OrderByDescending(t => t.Outcome == TrialOutcome.Completed).ThenByDescending(t => t.ValidationAccuracy).ThenBy(t => t.Number).FirstOrDefault();
            (search.BestTrial, search.BestValidationAccuracy) = (best?.Number, best?.ValidationAccuracy);
            search.Seconds = Seconds(started);
            db.SaveChanges();
        }
        catch (Exception e)
        {
            var reason = e is not OperationCanceledException ? $"The search failed while it trained: {e.Message}"
                : run.Stopping.IsCancellationRequested ? "The process stopped while it trained."
                : "The search was cancelled while it trained.";
            foreach (var trial in stored.Values.Where(t => t.Outcome == TrialOutcome.Running))
            {
                (trial.Outcome, trial.Reason) = (TrialOutcome.Cancelled, reason);
            }

            search.Seconds = Seconds(started);
            TrySave(db);
            throw;
        }
    }

    private static ISampler Sampler(SearchBudget budget) => budget.Sampler switch
    {
        SamplerKind.Tpe => new TpeSampler(budget.StartupTrials),
        SamplerKind.Gp => new GpSampler(budget.StartupTrials),
        _ => new RandomSampler(),
    };

    public override async Task OnInterruptedAsync(EnsembleDbContext db, IReadOnlyList<int> ids, CancellationToken cancellation) =>
        await db.SearchTrials.Where(t => ids.Contains(t.SearchId) && t.Outcome == TrialOutcome.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Outcome, TrialOutcome.Cancelled).SetProperty(t => t.Reason, "The process stopped while it trained."), cancellation);

    private void Train(
        EnsembleDbContext db, RunContext run, SearchRecord search, SearchTrialRecord trial, int rung, int epochs, DatasetSplits subset, long started)
    {
        var checkpoint = checkpoints.SearchTrial(search.Id, trial.Number);
        var options = SearchService.TrialOptions(trial.Configuration, search.Budget, trial.Seed);
        var observer = new TrialObserver(run, search, trial, rung, epochs, db, started);
        var clockStart = Stopwatch.GetTimestamp();
        try
        {
            var result = new Trainer(observer).Run(options, subset, checkpoint, resume: File.Exists(checkpoint), run.Cancellation, stopAfterEpoch: epochs);
            if (result.Cancelled)
            {
                throw new OperationCanceledException(run.Cancellation);
            }
        }
        catch (ArithmeticException e)
        {
            (trial.Outcome, trial.Reason) = (TrialOutcome.Failed, e.Message);
            logger.LogInformation("Search {Id} trial {Trial} diverged: {Reason}", search.Id, trial.Number, e.Message);
        }
        finally
        {
            trial.Seconds = Math.Round(trial.Seconds + Stopwatch.GetElapsedTime(clockStart).TotalSeconds, 1);
        }

        db.SaveChanges();
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

    private static double Seconds(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);

    private static void TrySave(EnsembleDbContext db)
    {
        try
        {
            db.SaveChanges();
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            // The failure being reported may be this very database; the run's own status is written apart.
        }
    }

    private sealed class TrialObserver(RunContext run, SearchRecord search, SearchTrialRecord trial, int rung, int targetEpochs, EnsembleDbContext db, long started)
        : ITrainingObserver
    {
        public void OnEpochStarted(int epoch, int epochs, int batches)
        {
        }

        public void OnBatch(BatchProgress p)
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var done = search.EpochsDone + (double)p.Batch / p.Batches;
            TimeSpan? remaining = done > 0 ? TimeSpan.FromSeconds(seconds / done * Math.Max(0, search.EpochsPlanned - done)) : null;
            run.Report(new SearchProgress(trial.Bracket, rung, trial.Number, p.Epoch, targetEpochs, p.Batch, p.Batches, search.EpochsDone, search.EpochsPlanned, remaining));
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
