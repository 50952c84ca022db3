namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>What a trial taught: its point (see <see cref="Dimension"/>), the epochs it had trained, and its validation accuracy then.</summary>
public sealed record Observation(double[] Point, int Epochs, double Score);
