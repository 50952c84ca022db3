using System.Text.Json.Serialization;

namespace Ensemble.Web.OpenInference;

/// <summary>One model version in the repository index: READY, or UNAVAILABLE with the reason.</summary>
public sealed record OipRepositoryEntry(
    string Name,
    string Version,
    string State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);
