namespace Ensemble.Core.Searches.Analysis;

/// <summary>How much of the score's variation a dimension explains, as a share (all dimensions sum to 1).</summary>
public sealed record DimensionImportance(string Name, double Importance);
