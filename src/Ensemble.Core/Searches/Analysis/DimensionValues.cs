namespace Ensemble.Core.Searches.Analysis;

/// <summary>
/// One free dimension across the trials, for parallel coordinates: its kind, its choices or bounds (in the space's
/// own terms), and each trial's value in trial order (a choice's index; null where the dimension was inactive).
/// </summary>
public sealed record DimensionValues(string Name, string Kind, IReadOnlyList<string> Choices, double Min, double Max, IReadOnlyList<double?> Values);
