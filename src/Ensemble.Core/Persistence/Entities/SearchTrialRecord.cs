using Ensemble.Core.Hyperparameters;
using Ensemble.Training.Fitting;

namespace Ensemble.Core.Persistence.Entities;

/// <summary>One configuration a search trained: its bracket and highest rung, its validation curve, and why it stopped.</summary>
public sealed class SearchTrialRecord
{
    public long Id { get; set; }

    public int SearchId { get; set; }

    /// <summary>1, 2, … across the whole search.</summary>
    public int Number { get; set; }

    public int Bracket { get; set; }

    /// <summary>The highest rung it reached (0 is the first).</summary>
    public int Rung { get; set; }

    public required SearchConfiguration Configuration { get; set; }

    public int Seed { get; set; }

    public TrialOutcome Outcome { get; set; }

    public string? Reason { get; set; }

    public List<EpochMetrics> Curve { get; set; } = [];

    public double? ValidationAccuracy { get; set; }

    public double? ValidationLogLoss { get; set; }

    public double Seconds { get; set; }
}
