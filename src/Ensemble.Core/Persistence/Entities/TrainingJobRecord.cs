using Ensemble.Core.Runs;
using Ensemble.Training.Fitting;

namespace Ensemble.Core.Persistence.Entities;

/// <summary>A training job: its hyperparameters, its state, its per-epoch metrics and, once done, the model it made.</summary>
public sealed class TrainingJobRecord : IRunRecord
{
    public int Id { get; set; }

    /// <summary>The image task it trains on; null on rows from before tasks existed, which trained the default task.</summary>
    public string? Task { get; set; }

    /// <summary>The name asked for, if any; the model may get another one when it is taken.</summary>
    public string? RequestedName { get; set; }

    public required TrainingOptions Options { get; set; }

    public RunStatus Status { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset? StartedUtc { get; set; }

    public DateTimeOffset? FinishedUtc { get; set; }

    public List<EpochMetrics> Epochs { get; set; } = [];

    public int TrainImages { get; set; }

    public long Parameters { get; set; }

    public double MegaFlops { get; set; }

    public int Threads { get; set; }

    public double TrainingSeconds { get; set; }

    /// <summary>The registered model, once the job completed.</summary>
    public string? ModelName { get; set; }

    public string? ModelSha256 { get; set; }

    public double? ValidationAccuracy { get; set; }

    public double? ValidationLogLoss { get; set; }

    public double? TestAccuracy { get; set; }

    public double? TestLogLoss { get; set; }

    /// <summary>The search whose trial this job trains in full, when it was promoted from one.</summary>
    public int? SearchId { get; set; }

    public int? SearchTrial { get; set; }
}
