namespace Ensemble.Core.Tuning;

/// <summary>The temperatures one fold fitted on its fit rows: one per member, in member order, and the mixture's.</summary>
public sealed record FoldTemperatures(float[] Members, float Ensemble);
