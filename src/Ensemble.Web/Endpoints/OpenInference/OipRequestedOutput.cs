using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>An output the client asks for by name.</summary>
public sealed record OipRequestedOutput(string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, JsonElement>? Parameters);
