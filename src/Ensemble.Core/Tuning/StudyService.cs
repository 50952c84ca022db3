using System.Collections.Concurrent;
using System.Diagnostics;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ensemble.Core.Tuning;

/// <summary>
/// Creates, runs, stores and applies weight-tuning studies. Trials are written as they run, in small batches, so a
/// crash loses at most the last batch and the study shows as interrupted after a restart with its trials kept.
/// </summary>
public sealed class StudyService(
    IDbContextFactory<EnsembleDbContext> databases, EnsembleStore ensembles, ModelRegistry registry, MemberProbabilityCache cache, TimeProvider clock,
    EnsembleMetrics metrics, ILogger<StudyService> logger)
{
    private const int FlushEvery = 250;
    private readonly ConcurrentDictionary<int, StudyProgress> _progress = new();
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _running = new();

    public async Task<StudyRecord> CreateAsync(StudyRequest request, CancellationToken cancellation = default)
    {
        var spec = ensembles.Active(request.Ensemble) ?? throw new EnsembleException(EnsembleErrorKind.NotFound, $"No ensemble is named '{request.Ensemble}'.");
        Check(request, spec);
        var study = new StudyRecord
        {
            Ensemble = spec.Name,
            Members = [.. spec.Members.Select(m => StudyMembers.Pin(m.Model, m.Sha256))],
            Strategy = request.Strategy,
            Objective = request.Strategy == StrategyKind.LogLossOptimum ? Objective.LogLoss : request.Objective,
            Seed = request.Seed,
            Folds = request.HoldoutFraction is null ? request.Folds : 1,
            HoldoutFraction = request.HoldoutFraction,
            Budget = request.Budget,
            Alpha = request.Alpha,
            Status = StudyStatus.Queued,
            CreatedUtc = clock.GetUtcNow(),
        };
        await using var db = await databases.CreateDbContextAsync(cancellation);
        db.Studies.Add(study);
        await db.SaveChangesAsync(cancellation);
        return study;
    }

    public async Task RunAsync(int id, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[id] = cancel;
        try
        {
            await RunCoreAsync(id, cancel.Token);
        }
        finally
        {
            _running.TryRemove(id, out _);
            _progress.TryRemove(id, out _);
        }
    }

    /// <summary>Asks a queued or running study to stop; false when it is not running here.</summary>
    public async Task<bool> CancelAsync(int id, CancellationToken cancellation = default)
    {
        if (_running.TryGetValue(id, out var source))
        {
            await source.CancelAsync();
            return true;
        }

        await using var db = await databases.CreateDbContextAsync(cancellation);
        var study = await db.Studies.FindAsync([id], cancellation);
        if (study is { Status: StudyStatus.Queued })
        {
            study.Status = StudyStatus.Cancelled;
            study.FinishedUtc = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellation);
            return true;
        }

        return false;
    }

    /// <summary>At start-up: studies that were queued or running when the process stopped are interrupted.</summary>
    public async Task MarkInterruptedAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var stale = await db.Studies.Where(s => s.Status == StudyStatus.Running || s.Status == StudyStatus.Queued).ToListAsync(cancellation);
        foreach (var study in stale)
        {
            study.Status = StudyStatus.Interrupted;
            study.FinishedUtc ??= clock.GetUtcNow();
            logger.LogWarning("Study {Id} was {Status} when the process stopped; kept {Trials} trials", study.Id, "interrupted", study.TrialsDone);
        }

        await db.SaveChangesAsync(cancellation);
    }

    public StudyProgress? Progress(int id) => _progress.GetValueOrDefault(id);

    public async Task<StudyRecord?> GetAsync(int id, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellation);
    }

    public async Task<IReadOnlyList<StudyRecord>> ListAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.Studies.AsNoTracking().OrderByDescending(s => s.Id).ToListAsync(cancellation);
    }

    /// <summary>A page of trials ordered by fold and number, and the total count.</summary>
    public async Task<(IReadOnlyList<TrialRecord> Trials, int Total)> TrialsAsync(int id, int page, int pageSize, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var query = db.Trials.AsNoTracking().Where(t => t.StudyId == id);
        var total = await query.CountAsync(cancellation);
        var trials = await query.OrderBy(t => t.Fold).ThenBy(t => t.Number).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellation);
        return (trials, total);
    }

    /// <summary>Saves the study's weights as a new active version of its ensemble, with the study as provenance.</summary>
    public async Task<EnsembleVersionInfo> ApplyAsync(int id, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var study = await db.Studies.FirstOrDefaultAsync(s => s.Id == id, cancellation)
            ?? throw new EnsembleException(EnsembleErrorKind.NotFound, $"No study has id {id}.");
        if (study.Status != StudyStatus.Completed || study.Weights is null)
        {
            throw new EnsembleException(EnsembleErrorKind.Conflict, $"Study {id} is {study.Status}; only a completed study can be applied.");
        }

        var members = study.Members.Select(StudyMembers.Parse).ToList();
        foreach (var (model, sha) in members)
        {
            if (registry.Find(model) is not { IsLoaded: true } loaded || loaded.Sha256 != sha)
            {
                throw new EnsembleException(EnsembleErrorKind.Conflict, $"Member '{model}' changed or is gone since study {id} ran; run the study again.");
            }
        }

        var weights = members.Select((m, i) => (m.Model, (double)study.Weights[i])).ToDictionary(p => p.Model, p => p.Item2);
        var version = await ensembles.AddVersionAsync(study.Ensemble, EnsembleMethod.WeightedAverage, weights, Provenance.Study, study.Id,
            $"{study.Strategy} study {study.Id}: held-out accuracy {study.HeldOutAccuracy:P2}, test {study.TestAccuracy:P2}", activate: true, cancellation);
        study.AppliedVersion = version.Version;
        await db.SaveChangesAsync(cancellation);
        return version;
    }

    private async Task RunCoreAsync(int id, CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        var study = await db.Studies.FirstAsync(s => s.Id == id, CancellationToken.None);
        if (study.Status != StudyStatus.Queued)
        {
            return;
        }

        study.Status = StudyStatus.Running;
        study.StartedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.Started("study");
        var pending = new List<TrialRecord>();
        var clockStart = Stopwatch.GetTimestamp();
        var expected = Expected(study);
        Score? best = null;
        try
        {
            var names = study.Members.Select(StudyMembers.Name).ToList();
            var validation = cache.Table(names, "validation");
            var test = cache.Table(names, "test");
            var plan = new StudyPlan(study.Objective, Math.Max(study.Folds, 2), study.HoldoutFraction, study.Seed);
            var result = await Task.Run(() => StudyRunner.Run(plan, validation, test, () => Strategy(study), trial =>
            {
                pending.Add(new TrialRecord
                {
                    StudyId = id,
                    Fold = trial.Fold,
                    Number = trial.Number,
                    Weights = trial.Weights,
                    FitAccuracy = trial.Fit.Accuracy,
                    FitLogLoss = trial.Fit.LogLoss,
                    HeldOutAccuracy = trial.HeldOut.Accuracy,
                    HeldOutLogLoss = trial.HeldOut.LogLoss,
                });
                study.TrialsDone++;
                if (best is null || trial.Fit.IsBetterThan(best.Value, study.Objective))
                {
                    best = trial.Fit;
                }

                var seconds = Stopwatch.GetElapsedTime(clockStart).TotalSeconds;
                var perSecond = study.TrialsDone / Math.Max(seconds, 1e-6);
                _progress[id] = new StudyProgress(id, study.TrialsDone, expected, perSecond,
                    expected is { } e ? TimeSpan.FromSeconds(Math.Max(0, e - study.TrialsDone) / perSecond) : null, best);
                if (pending.Count >= FlushEvery)
                {
                    Flush(db, pending);
                }
            }, cancellation), cancellation);
            Flush(db, pending);
            study.Weights = result.Weights;
            (study.ValidationAccuracy, study.ValidationLogLoss) = (result.Validation.Accuracy, result.Validation.LogLoss);
            (study.HeldOutAccuracy, study.HeldOutLogLoss) = (result.HeldOut.Accuracy, result.HeldOut.LogLoss);
            (study.TestAccuracy, study.TestLogLoss) = (result.Test.Accuracy, result.Test.LogLoss);
            (study.UniformHeldOutAccuracy, study.UniformTestAccuracy) = (result.UniformHeldOut.Accuracy, result.UniformTest.Accuracy);
            (study.BestSingle, study.BestSingleHeldOutAccuracy, study.BestSingleTestAccuracy) = (result.BestSingle, result.BestSingleHeldOut.Accuracy, result.BestSingleTest.Accuracy);
            study.Status = StudyStatus.Completed;
        }
        catch (OperationCanceledException)
        {
            Flush(db, pending);
            study.Status = StudyStatus.Cancelled;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            logger.LogError(e, "Study {Id} failed", id);
            Flush(db, pending);
            study.Status = StudyStatus.Failed;
            study.Error = e.Message;
        }

        study.FinishedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.Finished("study", study.Status.ToString());
    }

    private static void Flush(EnsembleDbContext db, List<TrialRecord> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }

        db.Trials.AddRange(pending);
        db.SaveChanges();
        pending.Clear();
    }

    private static ITuningStrategy Strategy(StudyRecord study) => study.Strategy switch
    {
        StrategyKind.RandomSearch => new RandomSearch(study.Budget, study.Alpha, study.Seed),
        StrategyKind.Greedy => new GreedySelection(study.Budget, initialSize: 1, study.Objective),
        _ => new LogLossOptimum(tolerance: 1e-7, maxIterations: Math.Max(study.Budget, 1)),
    };

    private static int? Expected(StudyRecord study) => study.Strategy switch
    {
        StrategyKind.RandomSearch => study.Budget * Math.Max(study.Folds, 1),
        StrategyKind.Greedy => (study.Budget + 1) * Math.Max(study.Folds, 1),
        _ => null,
    };

    private static void Check(StudyRequest request, EnsembleSpec spec)
    {
        static EnsembleException Invalid(string field, string message) => new(EnsembleErrorKind.Invalid, message, field);
        if (spec.Members.Count < 2)
        {
            throw Invalid("ensemble", $"Ensemble '{spec.Name}' has {spec.Members.Count} member; tuning needs at least two.");
        }

        if (!Enum.IsDefined(request.Strategy) || !Enum.IsDefined(request.Objective))
        {
            throw Invalid("strategy", "Unknown strategy or objective.");
        }

        if (request.Budget is < 1 or > 1_000_000)
        {
            throw Invalid("budget", "The budget (trials or iterations) must be between 1 and 1,000,000.");
        }

        if (!(request.Alpha > 0) || !double.IsFinite(request.Alpha))
        {
            throw Invalid("alpha", "α must be a positive number.");
        }

        try
        {
            new StudyPlan(request.Objective, request.Folds, request.HoldoutFraction, request.Seed).Validate();
        }
        catch (ArgumentException e)
        {
            throw Invalid(request.HoldoutFraction is null ? "folds" : "holdoutFraction", e.Message);
        }
    }
}
