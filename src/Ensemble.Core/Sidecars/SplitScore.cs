namespace Ensemble.Core.Sidecars;

/// <summary>Accuracy and log-loss on one split, as the sidecar records it.</summary>
public sealed record SplitScore(double Accuracy, double LogLoss, int Count);
