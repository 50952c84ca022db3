using System.Text.Json;
using System.Text.Json.Serialization;
using Ensemble.Core.Ensembling;

namespace Ensemble.Core.Versions;

/// <summary>
/// An ensemble version as a file that travels with its task: the members pinned by SHA-256 with their weights and
/// temperatures, the mixture's temperature and the abstain threshold. Exported from any stored version, and read
/// from a task folder's <see cref="Folder"/>, where it seeds an ensemble of that name on first start, so a clone
/// serves a tuned ensemble, not only the uniform one.
/// </summary>
public sealed class EnsembleDefinition
{
    /// <summary>The task folder's subfolder that holds definitions, one <c>.json</c> file each.</summary>
    public const string Folder = "ensembles";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public required string Name { get; init; }

    public EnsembleMethod Method { get; init; } = EnsembleMethod.WeightedAverage;

    /// <summary>A member without a SHA-256 is pinned to whatever file the task holds when the ensemble is seeded.</summary>
    public required IReadOnlyList<EnsembleMember> Members { get; init; }

    /// <summary>The mixture's temperature (1: none).</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>The confidence below which predictions abstain; null: never.</summary>
    public float? AbstainBelow { get; init; }

    /// <summary>How the weights were found, shown as the seeded version's note.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// The definition of a stored version, named <paramref name="name"/> (default the version's ensemble). Members of
    /// weight 0 are left out: they neither mix nor vote, and a seeded ensemble should not pay to run them.
    /// </summary>
    public static EnsembleDefinition From(EnsembleVersionInfo version, string? name = null) => new()
    {
        Name = name ?? version.Name,
        Method = version.Method,
        Members = [.. version.Members.Where(m => m.Weight > 0f)],
        Temperature = version.Temperature,
        AbstainBelow = version.AbstainBelow,
        Note = version.Note ?? $"version {version.Version} of '{version.Name}' ({version.Provenance.ToString().ToLowerInvariant()})",
    };

    /// <summary>
    /// Every definition in a task folder, by file name, each either read or with the reason it cannot be: a file
    /// that is not JSON or lacks a name or members is reported, never thrown, so one bad file stops no other.
    /// </summary>
    public static IReadOnlyList<(string File, EnsembleDefinition? Definition, string? Problem)> ReadAll(string taskFolder)
    {
        var folder = Path.Combine(taskFolder, Folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(Read)];
    }

    private static (string, EnsembleDefinition?, string?) Read(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            var definition = JsonSerializer.Deserialize<EnsembleDefinition>(stream, Json);
            return definition is { Name: not null, Members: not null } && definition.Members.All(m => m?.Model is not null)
                ? (file, definition, null)
                : (file, null, "it needs a \"name\" and \"members\", each with a \"model\".");
        }
        catch (JsonException e)
        {
            return (file, null, $"it is not valid definition JSON: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (file, null, $"it cannot be read: {e.Message}");
        }
    }
}
