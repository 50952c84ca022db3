using System.Diagnostics;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Ensemble.Core.Scoring;
using Ensemble.Core.Tuning;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Studies;

/// <summary>
/// Runs one study on cached member probabilities. Trials are written as they run, in small batches, so a crash
/// loses at most the last batch and an interrupted study keeps its trials.
/// </summary>
public sealed class StudyRunHandler(IDbContextFactory<EnsembleDbContext> databases, MemberProbabilityCache cache, ModelRegistry registry, MemberTimings timings)
    : RunHandler<StudyRecord>
{
    private const int FlushEvery = 250;

    public override RunKind Kind => RunKind.Study;

    public override RunLane Lane => RunLane.Tuning;

    public override string Noun => "study";

    // A study takes seconds: run a new one rather than piece trials together.
    public override bool CanResume => false;

    public override async Task ExecuteAsync(RunContext run)
    {
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        var study = await db.Studies.FirstAsync(s => s.Id == run.Id, CancellationToken.None);
        var pending = new List<TrialRecord>();
        var started = Stopwatch.GetTimestamp();
        var expected = Expected(study);
        Score? best = null;
        try
        {
            var names = study.Members.Select(m => m.Model).ToList();
            var plan = new StudyPlan(study.Objective, Math.Max(study.Folds, 2), study.HoldoutFraction, study.Seed, study.Calibrate);
            var result = await Task.Run(() => StudyRunner.Run(plan, cache.Table(names, "validation"), cache.Table(names, "test"), () => Strategy(study), trial =>
            {
                pending.Add(new TrialRecord
                {
                    StudyId = study.Id,
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

                var perSecond = study.TrialsDone / Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-6);
                run.Report(new StudyProgress(study.Id, study.TrialsDone, expected, perSecond,
                    expected is { } e ? TimeSpan.FromSeconds(Math.Max(0, e - study.TrialsDone) / perSecond) : null, best));
                if (pending.Count >= FlushEvery)
                {
                    Flush(db, pending);
                }
            }, run.Cancellation), CancellationToken.None);
            study.Weights = result.Weights;
            (study.ValidationAccuracy, study.ValidationLogLoss) = (result.Validation.Accuracy, result.Validation.LogLoss);
            (study.HeldOutAccuracy, study.HeldOutLogLoss) = (result.HeldOut.Accuracy, result.HeldOut.LogLoss);
            (study.TestAccuracy, study.TestLogLoss) = (result.Test.Accuracy, result.Test.LogLoss);
            (study.UniformHeldOutAccuracy, study.UniformTestAccuracy) = (result.UniformHeldOut.Accuracy, result.UniformTest.Accuracy);
            (study.BestSingle, study.BestSingleHeldOutAccuracy, study.BestSingleTestAccuracy) = (result.BestSingle, result.BestSingleHeldOut.Accuracy, result.BestSingleTest.Accuracy);
            study.Calibration = result.Calibration;
            study.OptimalityGap = result.OptimalityGap;
            study.Pareto = Front(names, result.Subsets ?? []);
        }
        catch
        {
            // Cancelled or failed: the trials scored so far are kept, if the database still takes them; the first
            // failure is the one the run reports.
            try
            {
                Flush(db, pending);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
            }

            throw;
        }

        Flush(db, pending);
    }

    /// <summary>
    /// The accuracy–cost front over the sets of members the study saw, costed in MFLOP (and milliseconds where every
    /// member of a point is timed); null when a member has no MFLOP count.
    /// </summary>
    private List<ParetoPoint>? Front(IReadOnlyList<string> names, IReadOnlyList<SubsetResult> subsets)
    {
        var points = new List<ParetoPoint>();
        foreach (var subset in subsets)
        {
            var running = names.Where((_, m) => subset.Weights[m] > 0).ToList();
            if (EnsembleCost.MegaFlops(running, registry) is not { } mflop)
            {
                return null;
            }

            points.Add(new ParetoPoint(subset.Weights, mflop, EnsembleCost.Timing(running, timings)?.Batch1, subset.HeldOut, subset.Test));
        }

        return [.. ParetoFront.Of(points)];
    }

    // The study row is tracked, so its trial count and results go with the trials.
    private static void Flush(EnsembleDbContext db, List<TrialRecord> pending)
    {
        db.Trials.AddRange(pending);
        db.SaveChanges();
        pending.Clear();
    }

    private static ITuningStrategy Strategy(StudyRecord study)
    {
        var bound = (study.Limit, study.MemberCosts) is ({ } limit, { } costs) ? new CostBound(costs, limit.Value) : null;
        return study.Strategy switch
        {
            StrategyKind.RandomSearch => new RandomSearch(study.Budget, study.Alpha, study.Seed, bound),
            StrategyKind.Greedy => new GreedySelection(study.Budget, initialSize: 1, study.Objective, bound),
            _ => new LogLossOptimum(maxIterations: Math.Max(study.Budget, 1), bound: bound),
        };
    }

    private static int? Expected(StudyRecord study) => study.Strategy switch
    {
        StrategyKind.RandomSearch => study.Budget * Math.Max(study.Folds, 1),
        StrategyKind.Greedy => (study.Budget + 1) * Math.Max(study.Folds, 1),
        _ => null,
    };
}
