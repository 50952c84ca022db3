namespace Ensemble.Core.Hyperparameters;

/// <summary>One run of successive halving: its rungs, from many short trials to few long ones.</summary>
public sealed record Bracket(int Index, IReadOnlyList<Rung> Rungs);
