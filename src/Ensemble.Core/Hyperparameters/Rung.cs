namespace Ensemble.Core.Hyperparameters;

/// <summary>A rung of successive halving: this many trials are trained to this many epochs.</summary>
public readonly record struct Rung(int Trials, int Epochs);
