using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ensemble.Training.Fitting;

/// <summary>The JSON conventions of checkpoints and model sidecars: camelCase, enums as strings, indented.</summary>
public static class TrainingJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
