namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>How a dimension's values are drawn and compared.</summary>
public enum DimensionKind
{
    /// <summary>One of a few choices, unordered.</summary>
    Categorical,

    /// <summary>A number drawn uniformly between its bounds.</summary>
    Uniform,

    /// <summary>A positive number drawn uniformly in its logarithm (learning rates, weight decay).</summary>
    LogUniform,
}
