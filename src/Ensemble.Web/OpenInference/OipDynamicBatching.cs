namespace Ensemble.Web.OpenInference;

/// <summary>A member model's dynamic batching, when it is on: the largest batch and how long a batch waits to fill.</summary>
internal sealed record OipDynamicBatching(int PreferredBatchSize, long MaxQueueDelayMicroseconds);
