using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>An input or output tensor of the Open Inference Protocol: name, shape, datatype and row-major data.</summary>
public sealed record OipTensor(
    string Name,
    long[] Shape,
    string Datatype,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, JsonElement>? Parameters,
    JsonElement Data);
