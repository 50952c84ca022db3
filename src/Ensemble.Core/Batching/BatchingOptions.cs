namespace Ensemble.Core.Batching;

/// <summary>
/// The "Batching" configuration section: dynamic batching of concurrent predictions, in the manner of Triton's
/// <c>dynamic_batching</c>. Small requests that arrive together run as one batch per member model.
/// </summary>
public sealed class BatchingOptions
{
    public const string Section = "Batching";

    public BatchingMode Mode { get; set; } = BatchingMode.Auto;

    /// <summary>The most images one model run takes; requests of this size or more run on their own.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// How long a batch that is not full waits for more requests after its first one arrives. 0 batches only what
    /// is already queued, so a lone request never waits; under load the queue fills while the previous batch runs.
    /// </summary>
    public int MaxQueueDelayMicroseconds { get; set; }

    /// <summary>Batches one model runs at the same time (Triton's instance count); 0 means half the cores.</summary>
    public int InstancesPerModel { get; set; }

    public int Instances => InstancesPerModel > 0 ? InstancesPerModel : Math.Max(1, Environment.ProcessorCount / 2);
}
