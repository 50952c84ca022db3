using System.Globalization;
using System.Text;
using Ensemble.Tasks;
using Ensemble.Tasks.Data;

namespace Ensemble.Core.Tasks;

/// <summary>
/// Reads one task folder: task.json and the validation and test splits, each problem reported rather than
/// thrown, so that a broken task never stops the others. The splits of a task whose files did not change since
/// the last scan are kept from it instead of being read again.
/// </summary>
public static class TaskScanner
{
    public static ServedTask Scan(string folder, ServedTask? previous)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        TaskDefinition definition;
        try
        {
            definition = TaskDefinition.Read(folder);
        }
        catch (InvalidTaskException e)
        {
            return new ServedTask { Name = name, Folder = folder, Problems = e.Problems };
        }
        catch (IOException e)
        {
            return new ServedTask { Name = name, Folder = folder, Problems = [$"{TaskDefinition.FileName} cannot be read: {e.Message}"] };
        }

        var problems = new List<string>();
        if (definition.Name != name)
        {
            // One name per task everywhere (URLs, ensembles, jobs): the folder's.
            problems.Add($"{TaskDefinition.FileName} names the task '{definition.Name}' but its folder is '{name}'; the folder's name is used.");
            definition = definition with { Name = name };
        }

        var data = Path.Combine(folder, ServedTask.DataFolder);
        var fingerprint = Fingerprint(data) + "|" + File.GetLastWriteTimeUtc(Path.Combine(folder, TaskDefinition.FileName)).Ticks.ToString(CultureInfo.InvariantCulture);
        if (previous is { IsUsable: true } && previous.DataFingerprint == fingerprint)
        {
            return previous;
        }

        var splits = new Dictionary<string, LabeledSamples?>();
        foreach (var split in ServedTask.EvaluationSplits)
        {
            try
            {
                splits[split] = Directory.Exists(data) ? TaskData.Load(definition, data, split) : null;
                if (splits[split] is null)
                {
                    problems.Add($"It has no {split} split in {ServedTask.DataFolder}/: members cannot be scored or tuned on it.");
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                splits[split] = null;
                problems.Add($"Its {split} split cannot be read: {e.Message}");
            }
        }

        return new ServedTask
        {
            Name = name,
            Folder = folder,
            Definition = definition,
            ValidationSamples = splits[ServedTask.Validation],
            TestSamples = splits[ServedTask.Test],
            HasTrain = HasSplit(data, ServedTask.Train),
            Problems = problems,
            DataFingerprint = fingerprint,
        };
    }

    /// <summary>Whether <paramref name="data"/> holds <paramref name="split"/> in any of the formats TaskData reads.</summary>
    internal static bool HasSplit(string data, string split) =>
        Directory.Exists(data)
        && (Directory.Exists(Path.Combine(data, split))
            || Directory.EnumerateFiles(data, split + "*").Any(f => Path.GetFileName(f) is var n && (n == split + ".npz" || n == split + ".csv" || n.StartsWith(split + "-images-idx3-ubyte", StringComparison.Ordinal))));

    // Every evaluation file's path, size and write time: the train split is left out, since it is read only to train.
    private static string Fingerprint(string data)
    {
        if (!Directory.Exists(data))
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(data, file);
            if (relative.StartsWith(ServedTask.Train, StringComparison.Ordinal))
            {
                continue;
            }

            var info = new FileInfo(file);
            text.Append(CultureInfo.InvariantCulture, $"{relative}:{info.Length}:{info.LastWriteTimeUtc.Ticks};");
        }

        return text.ToString();
    }
}
