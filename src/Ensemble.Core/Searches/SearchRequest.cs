namespace Ensemble.Core.Searches;

/// <summary>A search to start: the space to draw from and the budget to spend (both default to a search that fits in minutes).</summary>
public sealed record SearchRequest(SearchSpace? Space = null, SearchBudget? Budget = null);
