using System.Text.Json.Serialization;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>
/// An output tensor of an inference response, data row-major: numbers for FP32, strings for BYTES (classification).
/// An output sent as binary data has no data here and its byte count in parameters.binary_data_size.
/// </summary>
public sealed record OipOutputTensor(
    string Name,
    long[] Shape,
    string Datatype,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, object>? Parameters,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Data);
