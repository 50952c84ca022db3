namespace Ensemble.Training.Optimizers;

public enum OptimizerKind
{
    /// <summary>Keras' RMSprop (the book's default): ρ 0.9, ε 1e-7 inside the square root; L2 added to the gradient.</summary>
    RmsProp,

    /// <summary>Adam (β 0.9/0.999, ε 1e-8) with L2 added to the gradient.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter), as PyTorch's AdamW.</summary>
    AdamW,

    /// <summary>SGD with momentum 0.9 (PyTorch's form) and L2 added to the gradient.</summary>
    Sgd,
}
