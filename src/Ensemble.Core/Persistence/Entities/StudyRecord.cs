using Ensemble.Core.Ensembling;
using Ensemble.Core.Runs;
using Ensemble.Core.Scoring;
using Ensemble.Core.Tuning;

namespace Ensemble.Core.Persistence.Entities;

/// <summary>A weight-tuning study: its settings, its state, and once finished, what it found.</summary>
public sealed class StudyRecord : IRunRecord
{
    public int Id { get; set; }

    public required string Ensemble { get; set; }

    /// <summary>The members tuned, in weight order, pinned as "name@sha256" so results never apply to changed files.</summary>
    public required List<PinnedMember> Members { get; set; }

    public StrategyKind Strategy { get; set; }

    public Objective Objective { get; set; }

    public int Seed { get; set; }

    public int Folds { get; set; }

    public double? HoldoutFraction { get; set; }

    /// <summary>Random-search trials or greedy iterations.</summary>
    public int Budget { get; set; }

    public double Alpha { get; set; }

    /// <summary>Whether the study fits temperatures (members' and the mixture's) on its fit rows.</summary>
    public bool Calibrate { get; set; }

    public RunStatus Status { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset? StartedUtc { get; set; }

    public DateTimeOffset? FinishedUtc { get; set; }

    public int TrialsDone { get; set; }

    public float[]? Weights { get; set; }

    public double? ValidationAccuracy { get; set; }

    public double? ValidationLogLoss { get; set; }

    public double? HeldOutAccuracy { get; set; }

    public double? HeldOutLogLoss { get; set; }

    public double? TestAccuracy { get; set; }

    public double? TestLogLoss { get; set; }

    public double? UniformHeldOutAccuracy { get; set; }

    public double? UniformTestAccuracy { get; set; }

    public string? BestSingle { get; set; }

    public double? BestSingleHeldOutAccuracy { get; set; }

    public double? BestSingleTestAccuracy { get; set; }

    /// <summary>The temperatures and their effect on held-out and test rows, when the study calibrates.</summary>
    public StudyCalibration? Calibration { get; set; }

    /// <summary>For the log-loss optimum: how far above the optimum its loss may be, in nats, in the worst fold or refit.</summary>
    public double? OptimalityGap { get; set; }

    /// <summary>The most one input may cost the result, when the study was given a limit.</summary>
    public CostLimit? Limit { get; set; }

    /// <summary>With a limit: each member's cost in its unit, in weight order, as measured when the study was queued.</summary>
    public double[]? MemberCosts { get; set; }

    /// <summary>The accuracy–cost front over the sets of members the study saw, cheapest first; null before it completes.</summary>
    public List<ParetoPoint>? Pareto { get; set; }

    /// <summary>The ensemble version created when the result was applied.</summary>
    public int? AppliedVersion { get; set; }
}
