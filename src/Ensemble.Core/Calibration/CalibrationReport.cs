namespace Ensemble.Core.Calibration;

/// <summary>
/// How good and how honest a set of predicted distributions is: accuracy, mean log-loss (negative log-likelihood),
/// the multi-class Brier score (mean over rows of Σ_k (p_k − y_k)², from 0 to 2), the expected calibration error
/// over equal-width confidence bins (Σ_b n_b/N · |accuracy_b − confidence_b|) and the bins themselves.
/// </summary>
public sealed record CalibrationReport(int Rows, double Accuracy, double LogLoss, double Brier, double Ece, IReadOnlyList<ReliabilityBin> Bins);
