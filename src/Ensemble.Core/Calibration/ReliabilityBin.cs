namespace Ensemble.Core.Calibration;

/// <summary>
/// One bar of a reliability diagram: the rows whose confidence (largest probability) falls in (Lower, Upper], their
/// mean confidence and their accuracy. A calibrated model's bars sit on the diagonal.
/// </summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double Confidence, double Accuracy);
