
namespace Ensemble.Core.Scoring;

/// <summary>Accuracy and mean log-loss of a mixture on a set of rows.</summary>
public readonly record struct Score(double Accuracy, double LogLoss)
{
    /// <summary>Whether this is better under <paramref name="objective"/>: accuracy (ties broken by log-loss) or log-loss.</summary>
    public bool IsBetterThan(Score other, Objective objective) => objective switch
    {
        Objective.LogLoss => LogLoss < other.LogLoss,
        _ => Accuracy > other.Accuracy || (Accuracy == other.Accuracy && LogLoss < other.LogLoss),
    };
}
