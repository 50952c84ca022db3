using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Ensemble.Core.TrainingJobs;
using Ensemble.Training.Fitting;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Searches;

/// <summary>
/// Queues, lists, cancels, resumes and promotes hyperparameter searches; <see cref="SearchRunHandler"/> runs them on
/// the training lane, by successive halving or Hyperband.
/// </summary>
public sealed class SearchService(IDbContextFactory<EnsembleDbContext> databases, TrainingData data, TrainingJobService jobs, RunEngine engine)
    : RunService<SearchRecord, SearchProgress>(databases, engine, RunKind.Search)
{
    /// <summary>Epochs of the job a promoted configuration gets unless told otherwise: the committed models' recipe.</summary>
    public const int DefaultFullEpochs = 20;

    /// <summary>Checks the space and budget, and queues the search.</summary>
    public Task<SearchRecord> QueueAsync(SearchRequest request, CancellationToken cancellation = default)
    {
        var space = request.Space ?? new SearchSpace();
        var budget = request.Budget ?? new SearchBudget();
        if (space.Problem() is { } spaceProblem)
        {
            throw new RefusalException(RefusalKind.Invalid, spaceProblem, "space");
        }

        if (budget.Problem() is { } budgetProblem)
        {
            throw new RefusalException(RefusalKind.Invalid, budgetProblem, "budget");
        }

        var task = data.Resolve(request.Task);
        if (space.Architectures.Select(a => TrainingData.WhyNotFit(a, task)).OfType<string>().ToList() is { Count: > 0 } unfit)
        {
            throw new RefusalException(RefusalKind.Invalid, string.Join(" ", unfit), "space");
        }

        if (data.MissingMessage(task) is { } missing)
        {
            throw new RefusalException(RefusalKind.Unavailable, missing);
        }

        return Engine.EnqueueAsync(RunKind.Search, new SearchRecord { Task = task.Name, Space = space, Budget = budget, EpochsPlanned = HalvingSchedule.PlannedEpochs(HalvingSchedule.Brackets(budget)) }, cancellation);
    }

    public async Task<IReadOnlyList<SearchTrialRecord>> TrialsAsync(int id, CancellationToken cancellation = default)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellation);
        return await db.SearchTrials.AsNoTracking().Where(t => t.SearchId == id).OrderBy(t => t.Number).ToListAsync(cancellation);
    }

    /// <summary>Why a trial won: the history, each dimension's values and importance (see <see cref="Analysis.SearchAnalysis"/>).</summary>
    public async Task<Analysis.SearchAnalysis> AnalyzeAsync(int id, CancellationToken cancellation = default)
    {
        var search = await GetAsync(id, cancellation) ?? throw new RefusalException(RefusalKind.NotFound, $"No search has id {id}.");
        return Analysis.SearchAnalyzer.Analyze(search, await TrialsAsync(id, cancellation));
    }

    protected override string? WhyNotResumable(SearchRecord search) => data.MissingMessage(data.Resolve(search.Task));

    /// <summary>Queues a job that trains a trial's configuration (the best one by default) on the whole training split.</summary>
    public async Task<TrainingJobRecord> PromoteAsync(int id, int? trialNumber, int? epochs, string? name, CancellationToken cancellation = default)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellation);
        var search = await db.Searches.FirstOrDefaultAsync(s => s.Id == id, cancellation)
            ?? throw new RefusalException(RefusalKind.NotFound, $"No search has id {id}.");
        var number = trialNumber ?? search.BestTrial
            ?? throw new RefusalException(RefusalKind.Conflict, $"Search {id} has no best trial yet ({search.Status}).");
        var trial = await db.SearchTrials.FirstOrDefaultAsync(t => t.SearchId == id && t.Number == number, cancellation)
            ?? throw new RefusalException(RefusalKind.NotFound, $"Search {id} has no trial {number}.");
        if (epochs is < 1 or > TrainingJobRequest.MaxEpochs)
        {
            throw new RefusalException(RefusalKind.Invalid, $"epochs must be between 1 and {TrainingJobRequest.MaxEpochs}.", "epochs");
        }

        var options = TrialOptions(trial.Configuration, search.Budget, trial.Seed) with
        {
            Epochs = epochs ?? DefaultFullEpochs,
            BatchSize = trial.Configuration.BatchSize ?? new TrainingOptions().BatchSize,
            WarmupEpochs = new TrainingOptions().WarmupEpochs,
        };
        var job = await jobs.QueueAsync(options, name, search.Task, id, number, cancellation);
        search.PromotedJobId = job.Id;
        await db.SaveChangesAsync(cancellation);
        return job;
    }

    /// <summary>How a trial trains: its configuration with a cosine schedule over the whole search, so a trial that goes on continues exactly where it paused.</summary>
    internal static TrainingOptions TrialOptions(SearchConfiguration c, SearchBudget budget, int seed) => new()
    {
        Architecture = c.Architecture,
        Width = c.Width,
        LearningRate = c.LearningRate,
        WeightDecay = c.WeightDecay,
        Augment = c.Augment,
        RandomErasing = c.RandomErasing,
        CutMix = c.CutMix,
        LabelSmoothing = c.LabelSmoothing,
        Optimizer = c.Optimizer,
        Cosine = true,
        WarmupEpochs = 0,
        BatchSize = c.BatchSize ?? budget.BatchSize,
        Epochs = budget.MaxEpochs,
        Seed = seed,
    };
}
