namespace Ensemble.Core.Batching;

/// <summary>Whether concurrent predictions are batched per model.</summary>
public enum BatchingMode
{
    /// <summary>
    /// On when models run on CUDA; off on the CPU, where a run's cost per image barely falls with the batch and batched
    /// runs grow every member's memory arena for good.
    /// </summary>
    Auto,

    On,

    Off,
}
