namespace Ensemble.Core.Persistence.Entities;

/// <summary>One stored trial of a study: the fold it ran in, its weights, its fit and held-out scores.</summary>
public sealed class TrialRecord
{
    public long Id { get; set; }

    public int StudyId { get; set; }

    public int Fold { get; set; }

    public int Number { get; set; }

    public required float[] Weights { get; set; }

    public double FitAccuracy { get; set; }

    public double FitLogLoss { get; set; }

    public double HeldOutAccuracy { get; set; }

    public double HeldOutLogLoss { get; set; }
}
