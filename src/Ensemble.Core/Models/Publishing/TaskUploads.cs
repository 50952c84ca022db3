using Ensemble.Core.Tasks;
using Ensemble.Core.Versions;

namespace Ensemble.Core.Models.Publishing;

/// <summary>
/// Adds a task folder, uploaded as a zip, to a running server. It is unpacked into a staging folder and inspected
/// there as the registry would read it (task.json, every split, every model through its adapter); only when all of
/// it is sound is the folder moved into the repository, so a refused upload leaves nothing behind.
/// </summary>
public sealed class TaskUploads(ModelRegistry registry, EnsembleStore ensembles)
{
    public ServedTask Add(string name, Stream zip, long maxBytes)
    {
        if (!ModelPublisher.IsValidName(name))
        {
            throw new RefusalException(RefusalKind.Invalid, $"'{name}' is not a task name: 1 to 48 lower-case letters, digits, '-' or '_', starting with a letter or digit.", "name");
        }

        var target = Path.Combine(registry.Directory, name);
        if (registry.FindTask(name) is not null || Directory.Exists(target))
        {
            throw new RefusalException(RefusalKind.Conflict, $"A task named '{name}' exists already.", "name");
        }

        var staging = registry.NewStagingFolder();
        var folder = Path.Combine(staging, name);
        try
        {
            Directory.CreateDirectory(folder);
            try
            {
                TaskArchive.Extract(zip, folder, maxBytes);
            }
            catch (InvalidDataException e)
            {
                throw new RefusalException(RefusalKind.Invalid, e.Message, "task");
            }

            var problems = Inspect(TaskScanner.Scan(folder, previous: null));
            if (problems.Count > 0)
            {
                throw new RefusalException(RefusalKind.Invalid, $"Task '{name}' is refused: {string.Join(" ", problems)}", "task");
            }

            try
            {
                Directory.Move(folder, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                throw new RefusalException(RefusalKind.Conflict, $"A task named '{name}' appeared while the upload was inspected.", "name");
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        registry.Reload();
        return registry.FindTask(name) ?? throw new InvalidOperationException($"Task '{name}' was stored but is not in the registry.");
    }

    // Every reason the staged folder would not serve: the task's own problems, then each model's.
    private List<string> Inspect(ServedTask task)
    {
        var problems = task.Problems.ToList();
        if (!task.IsUsable)
        {
            return problems;
        }

        foreach (var path in Directory.GetFiles(task.Folder, "*.onnx").Order(StringComparer.Ordinal))
        {
            var model = Path.GetFileNameWithoutExtension(path);
            var sidecar = Path.ChangeExtension(path, ".json");
            if (!ModelPublisher.IsValidName(model) || registry.Find(model) is not null || ensembles.Active(model) is not null)
            {
                problems.Add($"Model '{model}': the name is not a model name or is taken on this server.");
            }
            else if (registry.Inspect(File.ReadAllBytes(path), File.Exists(sidecar) ? File.ReadAllBytes(sidecar) : null, task) is { } problem)
            {
                problems.Add($"Model '{model}': {problem}.");
            }
        }

        return problems;
    }
}
