namespace Ensemble.Core.TrainingJobs;

/// <summary>A running training loss and accuracy at a fractional epoch (1.5 = half way through the second).</summary>
public readonly record struct CurvePoint(double Epoch, double Loss, double Accuracy);
