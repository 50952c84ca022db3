using System.Text.Json;

namespace Ensemble.Tasks;

/// <summary>
/// A classification task, as its folder's task.json states it: a name, what the input is, the classes in the
/// order every member's output is served in, and for image tasks how an uploaded picture is prepared.
/// </summary>
public sealed record TaskDefinition(string Name, string Description, TaskKind Kind, TaskInput Input, IReadOnlyList<string> Classes, ImagePreparation Image)
{
    public const string FileName = "task.json";

    /// <summary>Upper bounds that keep one sample, and so one request, of a sane size.</summary>
    public const int MaxChannels = 4;
    public const int MaxSide = 1024;
    public const int MaxFeatures = 100_000;
    public const int MaxClasses = 10_000;

    /// <summary>
    /// The ensemble a request that names none is served by (for example the task's committed tuned ensemble); null,
    /// or one not active now, means the task's uniform ensemble.
    /// </summary>
    public string? DefaultEnsemble { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads <paramref name="folder"/>/task.json; the task's name defaults to the folder's.</summary>
    /// <exception cref="InvalidTaskException">Every problem found.</exception>
    public static TaskDefinition Read(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidTaskException(name, [$"{FileName} is missing."]);
        }

        return Parse(File.ReadAllText(path), name);
    }

    /// <summary>Parses task.json text; <paramref name="defaultName"/> is used when it names no task.</summary>
    /// <exception cref="InvalidTaskException">Every problem found.</exception>
    public static TaskDefinition Parse(string json, string defaultName)
    {
        TaskFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TaskFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidTaskException(defaultName, [$"{FileName} is not valid JSON: {e.Message}"]);
        }

        if (file is null)
        {
            throw new InvalidTaskException(defaultName, [$"{FileName} is empty."]);
        }

        var name = string.IsNullOrWhiteSpace(file.Name) ? defaultName : file.Name.Trim();
        var problems = new List<string>();
        var kind = file.Kind?.ToLowerInvariant() switch
        {
            "image" => TaskKind.Image,
            "features" => TaskKind.Features,
            _ => Problem<TaskKind?>(problems, $"kind is '{file.Kind}'; it must be \"image\" or \"features\"."),
        };
        var input = kind switch
        {
            TaskKind.Image => ImageInput(file.Input, problems),
            TaskKind.Features => FeatureInput(file.Input, problems),
            _ => null,
        };
        var classes = ClassList(file.Classes, problems);
        var image = kind == TaskKind.Image ? Preparation(file.Image, problems) : new ImagePreparation();
        Check(problems, file.DefaultEnsemble is null || !string.IsNullOrWhiteSpace(file.DefaultEnsemble), "defaultEnsemble is empty; name an ensemble or leave it out.");
        if (problems.Count > 0)
        {
            throw new InvalidTaskException(name, problems);
        }

        return new TaskDefinition(name, file.Description ?? "", kind!.Value, input!, classes, image) { DefaultEnsemble = file.DefaultEnsemble?.Trim() };
    }

    private static TaskInput? ImageInput(InputFile? input, List<string> problems)
    {
        if (input is not { Channels: { } c, Height: { } h, Width: { } w })
        {
            return Problem<TaskInput>(problems, "An image task's input needs channels, height and width.");
        }

        var before = problems.Count;
        Check(problems, c is >= 1 and <= MaxChannels, $"input.channels is {c}; it must be 1 to {MaxChannels}.");
        Check(problems, h is >= 1 and <= MaxSide, $"input.height is {h}; it must be 1 to {MaxSide}.");
        Check(problems, w is >= 1 and <= MaxSide, $"input.width is {w}; it must be 1 to {MaxSide}.");
        return problems.Count == before ? TaskInput.Image(c, h, w) : null;
    }

    private static TaskInput? FeatureInput(InputFile? input, List<string> problems)
    {
        if (input is not { Features: { } f })
        {
            return Problem<TaskInput>(problems, "A features task's input needs features (their count).");
        }

        var before = problems.Count;
        Check(problems, f is >= 1 and <= MaxFeatures, $"input.features is {f}; it must be 1 to {MaxFeatures}.");
        Check(problems, input.Names is null || input.Names.Count == f, $"input.names has {input.Names?.Count} names for {f} features.");
        return problems.Count == before ? TaskInput.Vector(f, input.Names) : null;
    }

    private static IReadOnlyList<string> ClassList(List<string>? classes, List<string> problems)
    {
        if (classes is null || classes.Count < 2)
        {
            return Problem<IReadOnlyList<string>>(problems, "classes must list at least two class names.") ?? [];
        }

        Check(problems, classes.Count <= MaxClasses, $"classes lists {classes.Count} names; at most {MaxClasses} are served.");
        Check(problems, classes.All(c => !string.IsNullOrWhiteSpace(c)), "classes has an empty name.");
        var repeated = classes.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Check(problems, repeated.Count == 0, $"classes repeats {string.Join(", ", repeated.Select(r => $"'{r}'"))}.");
        return classes;
    }

    private static ImagePreparation Preparation(ImageFile? image, List<string> problems)
    {
        var fit = image?.Fit?.ToLowerInvariant() switch
        {
            null or "pad" => ImageFit.Pad,
            "stretch" => ImageFit.Stretch,
            "crop" => ImageFit.Crop,
            _ => Problem<ImageFit?>(problems, $"image.fit is '{image.Fit}'; it must be \"pad\", \"stretch\" or \"crop\".") ?? ImageFit.Pad,
        };
        var background = image?.Background?.ToLowerInvariant() switch
        {
            null or "dark" => ImageBackground.Dark,
            "light" => ImageBackground.Light,
            _ => Problem<ImageBackground?>(problems, $"image.background is '{image.Background}'; it must be \"dark\" or \"light\".") ?? ImageBackground.Dark,
        };
        return new ImagePreparation(fit, background);
    }

    private static void Check(List<string> problems, bool ok, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }

    private static T? Problem<T>(List<string> problems, string problem)
    {
        problems.Add(problem);
        return default;
    }

    private sealed record TaskFile(string? Name, string? Description, string? Kind, InputFile? Input, List<string>? Classes, ImageFile? Image, string? DefaultEnsemble);

    private sealed record InputFile(int? Channels, int? Height, int? Width, int? Features, List<string>? Names);

    private sealed record ImageFile(string? Fit, string? Background);
}
