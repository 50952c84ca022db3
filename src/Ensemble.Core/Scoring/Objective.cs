namespace Ensemble.Core.Scoring;

public enum Objective
{
    /// <summary>Highest accuracy; equal accuracies are ranked by log-loss.</summary>
    Accuracy,

    /// <summary>Lowest mean negative log-likelihood.</summary>
    LogLoss,
}
