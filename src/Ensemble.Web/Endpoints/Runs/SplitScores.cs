namespace Ensemble.Web.Endpoints.Runs;

/// <summary>Accuracy and log-loss (nats per example) on one split.</summary>
public sealed record SplitScores(double Accuracy, double LogLoss)
{
    /// <summary>Both, or null while the run has not scored the split.</summary>
    public static SplitScores? Of(double? accuracy, double? logLoss) =>
        accuracy is { } a && logLoss is { } l ? new SplitScores(a, l) : null;
}
