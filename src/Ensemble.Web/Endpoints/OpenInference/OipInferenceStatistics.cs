using System.Text.Json.Serialization;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>
/// Counts and cumulative nanoseconds, as Triton reports them. Success and fail count requests; queue counts waits in
/// a batching queue; compute_infer counts ONNX Runtime runs (for an ensemble, whole predictions). Ensemble does not
/// time input and output copies apart from the run, and has no response cache, so those stay zero.
/// </summary>
public sealed record OipInferenceStatistics(
    OipDuration Success,
    OipDuration Fail,
    OipDuration Queue,
    [property: JsonPropertyName("compute_input")] OipDuration ComputeInput,
    [property: JsonPropertyName("compute_infer")] OipDuration ComputeInfer,
    [property: JsonPropertyName("compute_output")] OipDuration ComputeOutput,
    [property: JsonPropertyName("cache_hit")] OipDuration CacheHit,
    [property: JsonPropertyName("cache_miss")] OipDuration CacheMiss);
