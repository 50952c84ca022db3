namespace Ensemble.Core.Hyperparameters.Sampling;

/// <summary>How a search proposes its next configuration, whatever its budget does with the epochs.</summary>
public enum SamplerKind
{
    /// <summary>Each configuration drawn from the space's priors, ignoring earlier trials.</summary>
    Random,

    /// <summary>Tree-structured Parzen estimator (Bergstra et al. 2011), independently per dimension, as Optuna's default sampler.</summary>
    Tpe,

    /// <summary>Gaussian-process surrogate (Matérn 5/2) with expected improvement, categoricals one-hot, as Keras Tuner's BayesianOptimization.</summary>
    Gp,
}
