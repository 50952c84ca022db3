using Ensemble.Core.Hyperparameters;

namespace Ensemble.Core.Searches;

/// <summary>
/// A search to start: the space to draw from and the budget to spend (both default to a search that fits in
/// minutes), on <paramref name="Task"/>'s splits (the default task without one).
/// </summary>
public sealed record SearchRequest(SearchSpace? Space = null, SearchBudget? Budget = null, string? Task = null);
