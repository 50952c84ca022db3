using System.Text.Json.Serialization;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>
/// One model version's totals in Triton's field names: images inferred, runs executed (their ratio is the mean
/// batch), and the time spent, in <see cref="OipInferenceStatistics"/>. last_inference is milliseconds since the epoch.
/// </summary>
public sealed record OipModelStatistics(
    string Name,
    string Version,
    [property: JsonPropertyName("last_inference")] long LastInference,
    [property: JsonPropertyName("inference_count")] long InferenceCount,
    [property: JsonPropertyName("execution_count")] long ExecutionCount,
    [property: JsonPropertyName("inference_stats")] OipInferenceStatistics InferenceStats,
    [property: JsonPropertyName("batch_stats")] IReadOnlyList<object> BatchStats);
