using Ensemble.Tasks;
using Ensemble.Tasks.Data;

namespace Ensemble.Core.Tasks;

/// <summary>
/// One task folder of the model repository as the registry found it: its definition, its evaluation splits (read
/// once, and again only when their files change), and every problem found. A task without a readable task.json
/// serves nothing but is still listed, with its reasons.
/// </summary>
public sealed class ServedTask
{
    public const string DataFolder = "data";
    public const string Train = "train";
    public const string Validation = "validation";
    public const string Test = "test";

    public static IReadOnlyList<string> EvaluationSplits { get; } = [Validation, Test];

    public required string Name { get; init; }

    /// <summary>The task's folder in the repository.</summary>
    public required string Folder { get; init; }

    /// <summary>Null when task.json is missing or invalid; <see cref="Problems"/> says why.</summary>
    public TaskDefinition? Definition { get; init; }

    public LabeledSamples? ValidationSamples { get; init; }

    public LabeledSamples? TestSamples { get; init; }

    /// <summary>Whether the data folder holds a train split (read only when a job trains on it).</summary>
    public bool HasTrain { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The data files' names, sizes and times when the splits were read: equal next time means unchanged.</summary>
    internal string DataFingerprint { get; init; } = "";

    public string DataDirectory => Path.Combine(Folder, DataFolder);

    public bool IsUsable => Definition is not null;

    /// <summary>The definition of a usable task.</summary>
    public TaskDefinition Usable => Definition ?? throw new InvalidOperationException($"Task '{Name}' cannot be used: {string.Join(" ", Problems)}");

    public LabeledSamples? Split(string split) => split switch
    {
        Validation => ValidationSamples,
        Test => TestSamples,
        _ => null,
    };
}
