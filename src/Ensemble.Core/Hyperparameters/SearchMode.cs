namespace Ensemble.Core.Hyperparameters;

/// <summary>How a search spends epochs; stored by name, so new modes go anywhere.</summary>
public enum SearchMode
{
    /// <summary>One bracket: <see cref="SearchBudget.Trials"/> configurations, the best 1/η of each rung go on.</summary>
    SuccessiveHalving,

    /// <summary>Several brackets from aggressive to none, hedging against stopping slow starters too early (Li et al., 2018).</summary>
    Hyperband,

    /// <summary>Every configuration trains to the maximum epochs: no early stopping.</summary>
    Full,
}
