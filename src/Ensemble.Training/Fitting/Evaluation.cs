namespace Ensemble.Training.Fitting;

/// <summary>Accuracy and mean cross-entropy (log-loss) of a model on a split.</summary>
public sealed record Evaluation(double Accuracy, double LogLoss, int Count);
