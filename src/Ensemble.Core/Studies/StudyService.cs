using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Ensemble.Core.Scoring;
using Ensemble.Core.Tuning;
using Ensemble.Core.Versions;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Studies;

/// <summary>Queues, lists and applies weight-tuning studies; <see cref="StudyRunHandler"/> runs them on the tuning lane.</summary>
public sealed class StudyService(IDbContextFactory<EnsembleDbContext> databases, EnsembleStore ensembles, ModelRegistry registry, MemberTimings timings, RunEngine engine)
    : RunService<StudyRecord, StudyProgress>(databases, engine, RunKind.Study)
{
    /// <summary>Checks the request and queues the study.</summary>
    public Task<StudyRecord> QueueAsync(StudyRequest request, CancellationToken cancellation = default)
    {
        var name = request.Ensemble ?? EnsembleStore.UniformName(TaskNamed(request.Task));
        var spec = ensembles.Active(name) ?? throw new RefusalException(RefusalKind.NotFound, $"No ensemble is named '{name}'.");
        Check(request, spec);
        var costs = request.Limit is { } limit ? MemberCosts(limit, spec) : null;
        return Engine.EnqueueAsync(RunKind.Study, new StudyRecord
        {
            Ensemble = spec.Name,
            Members = [.. spec.Members.Select(m => new PinnedMember(m.Model, m.Sha256))],
            Strategy = request.Strategy,
            Objective = request.Strategy == StrategyKind.LogLossOptimum ? Objective.LogLoss : request.Objective,
            Seed = request.Seed,
            Folds = request.HoldoutFraction is null ? request.Folds : 1,
            HoldoutFraction = request.HoldoutFraction,
            Budget = request.Budget,
            Alpha = request.Alpha,
            Calibrate = request.Calibrate,
            Limit = request.Limit,
            MemberCosts = costs,
        }, cancellation);
    }

    /// <summary>
    /// Each member's cost in the limit's unit, fixed now so the study judges every trial by the same figures; refused
    /// when a member has no such figure or when even the cheapest member is over the limit.
    /// </summary>
    private double[] MemberCosts(CostLimit limit, EnsembleSpec spec)
    {
        if (limit.Problem() is { } problem)
        {
            throw new RefusalException(RefusalKind.Invalid, problem, "limit");
        }

        var costs = new double[spec.Members.Count];
        for (var m = 0; m < costs.Length; m++)
        {
            var name = spec.Members[m].Model;
            double? cost = limit.InMilliseconds ? timings.Of(name)?.Batch1 : registry.Find(name)?.MegaFlops;
            costs[m] = cost ?? throw (limit.InMilliseconds
                ? new RefusalException(RefusalKind.Conflict, $"Member '{name}' has no measured time yet: the app times members in the background after they load (unless Models:TimeMembers is off); try again shortly, or give the limit in MFLOP.", "limit")
                : new RefusalException(RefusalKind.Invalid, $"Member '{name}' has no MFLOP count (its sidecar has none and its graph's work is in ops the count cannot see into); give the limit in milliseconds.", "limit"));
        }

        var cheapest = Enumerable.Range(0, costs.Length).MinBy(m => costs[m]);
        if (costs[cheapest] > limit.Value)
        {
            throw new RefusalException(RefusalKind.Invalid,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The limit of {limit} is below the cheapest member, '{spec.Members[cheapest].Model}' at {costs[cheapest]:0.###} {limit.Unit} per input."),
                "limit");
        }

        return costs;
    }

    private string TaskNamed(string? task) => task is null
        ? registry.DefaultTask?.Name ?? throw new RefusalException(RefusalKind.NotFound, "No task is usable: the model repository has no task with evaluation data.")
        : registry.FindTask(task)?.Name ?? throw new RefusalException(RefusalKind.NotFound, $"No task is named '{task}'.");

    /// <summary>A page of trials ordered by fold and number, and the total count.</summary>
    public async Task<(IReadOnlyList<TrialRecord> Trials, int Total)> TrialsAsync(int id, int page, int pageSize, CancellationToken cancellation = default)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellation);
        var query = db.Trials.AsNoTracking().Where(t => t.StudyId == id);
        var total = await query.CountAsync(cancellation);
        var trials = await query.OrderBy(t => t.Fold).ThenBy(t => t.Number).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellation);
        return (trials, total);
    }

    /// <summary>
    /// Saves the study's weights, or those of point <paramref name="point"/> of its accuracy–cost front, as a new active
    /// version of its ensemble, with the study as provenance.
    /// </summary>
    public async Task<EnsembleVersionInfo> ApplyAsync(int id, CancellationToken cancellation = default, int? point = null)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellation);
        var study = await db.Studies.FirstOrDefaultAsync(s => s.Id == id, cancellation)
            ?? throw new RefusalException(RefusalKind.NotFound, $"No study has id {id}.");
        if (study.Status != RunStatus.Completed || study.Weights is null)
        {
            throw new RefusalException(RefusalKind.Conflict, $"Study {id} is {study.Status}; only a completed study can be applied.");
        }

        foreach (var (model, sha) in study.Members)
        {
            if (registry.Find(model) is not { IsLoaded: true } loaded || loaded.Sha256 != sha)
            {
                throw new RefusalException(RefusalKind.Conflict, $"Member '{model}' changed or is gone since study {id} ran; run the study again.");
            }
        }

        var chosen = study.Weights;
        var note = $"{study.Strategy} study {study.Id}: held-out accuracy {study.HeldOutAccuracy:P2}, test {study.TestAccuracy:P2}";
        if (point is { } p)
        {
            var front = study.Pareto ?? [];
            if (p < 0 || p >= front.Count)
            {
                throw new RefusalException(RefusalKind.Invalid, $"Study {id}'s front has {front.Count} points, numbered from 0; there is no point {p}.", "point");
            }

            chosen = front[p].Weights;
            note = $"{study.Strategy} study {study.Id}, front point {p} ({front[p].Mflop:0.##} MFLOP): held-out accuracy {front[p].HeldOut.Accuracy:P2}, test {front[p].Test.Accuracy:P2}";
        }

        var weights = study.Members.Select((m, i) => (m.Model, (double)chosen[i])).ToDictionary(p => p.Model, p => p.Item2);
        // The study's temperatures travel with its weights; an abstain threshold set for other probabilities does not.
        // The mixture's own temperature was fitted to the study's pick, so another point of the front takes the
        // members' temperatures alone.
        var calibration = study.Calibration is { } fitted
            ? new VersionCalibration(study.Members.Select((m, i) => (m.Model, fitted.MemberTemperatures[i])).ToDictionary(p => p.Model, p => p.Item2), point is null ? fitted.Temperature : 1f)
            : VersionCalibration.None;
        var version = await ensembles.AddVersionAsync(study.Ensemble, EnsembleMethod.WeightedAverage, weights, Provenance.Study, study.Id,
            note, activate: true, cancellation, calibration);
        if (point is null)
        {
            study.AppliedVersion = version.Version;
        }

        await db.SaveChangesAsync(cancellation);
        return version;
    }

    private static void Check(StudyRequest request, EnsembleSpec spec)
    {
        static RefusalException Invalid(string field, string message) => new(RefusalKind.Invalid, message, field);
        if (spec.Members.Count < 2)
        {
            throw Invalid("ensemble", $"Ensemble '{spec.Name}' has {spec.Members.Count} member; tuning needs at least two.");
        }

        if (!Enum.IsDefined(request.Strategy) || !Enum.IsDefined(request.Objective))
        {
            throw Invalid("strategy", "Unknown strategy or objective.");
        }

        if (request.Budget is < 1 or > StudyRequest.MaxBudget)
        {
            throw Invalid("budget", $"The budget (trials or iterations) must be between 1 and {StudyRequest.MaxBudget:N0}.");
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
