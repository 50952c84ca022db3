namespace Ensemble.Core.Searches;

/// <summary>One point of a <see cref="SearchSpace"/>.</summary>
public sealed record SearchConfiguration(string Architecture, float Width, float LearningRate, float WeightDecay, bool Augment);
