namespace Ensemble.Core.Calibration;

/// <summary>
/// One point of a risk–coverage curve: answering only the inputs whose confidence is at least
/// <paramref name="Threshold"/> answers <paramref name="Coverage"/> of them with <paramref name="Accuracy"/>.
/// </summary>
public sealed record CoveragePoint(double Threshold, double Coverage, double Accuracy);
