using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Runs;

namespace Ensemble.Core.Persistence.Entities;

/// <summary>A hyperparameter search: its space and budget, its state, and the best trial it found.</summary>
public sealed class SearchRecord : IRunRecord
{
    public int Id { get; set; }

    /// <summary>The image task it trains on; null on rows from before tasks existed, which trained the default task.</summary>
    public string? Task { get; set; }

    public required SearchSpace Space { get; set; }

    public required SearchBudget Budget { get; set; }

    public RunStatus Status { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset? StartedUtc { get; set; }

    public DateTimeOffset? FinishedUtc { get; set; }

    public int EpochsPlanned { get; set; }

    public int EpochsDone { get; set; }

    public double Seconds { get; set; }

    public int? BestTrial { get; set; }

    public double? BestValidationAccuracy { get; set; }

    /// <summary>The job that trains the best configuration in full, once promoted.</summary>
    public int? PromotedJobId { get; set; }
}
