namespace Ensemble.Core.Tuning;

public enum StrategyKind
{
    RandomSearch,
    Greedy,
    LogLossOptimum,
}
