using System.Text.Json.Serialization;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>Triton's statistics answer: one entry per model version.</summary>
public sealed record OipStatistics([property: JsonPropertyName("model_stats")] IReadOnlyList<OipModelStatistics> ModelStats);
