using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>An Open Inference Protocol v2 inference request.</summary>
public sealed record OipInferenceRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, JsonElement>? Parameters,
    IReadOnlyList<OipTensor>? Inputs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OipRequestedOutput>? Outputs);
