
namespace Ensemble.Core.Models.Publishing;

/// <summary>
/// Adds a model file (and its sidecar) to a task through the API. It is inspected first, with the checks, adapter
/// and probe a file in the folder gets, and stored only when it would load: a refused upload leaves nothing
/// behind. Stored files are staged on the repository's file system and moved in without overwriting, sidecar
/// first, so the folder watcher never sees a model without its sidecar.
/// </summary>
public sealed class ModelUploads(ModelRegistry registry, ModelPublisher publisher)
{
    public RegisteredModel Add(string taskName, string name, byte[] onnx, byte[]? sidecar)
    {
        var task = registry.FindTask(taskName) ?? throw new RefusalException(RefusalKind.NotFound, $"No task is named '{taskName}'.", "task");
        if (!ModelPublisher.IsValidName(name))
        {
            throw new RefusalException(RefusalKind.Invalid, $"'{name}' is not a model name: 1 to 48 lower-case letters, digits, '-' or '_', starting with a letter or digit.", "name");
        }

        if (!publisher.IsFree(name, task.Folder))
        {
            throw new RefusalException(RefusalKind.Conflict, $"'{name}' is already a model or an ensemble; choose another name.", "name");
        }

        if (registry.Inspect(onnx, sidecar, task) is { } problem)
        {
            throw new RefusalException(RefusalKind.Invalid, $"The model cannot serve task '{task.Name}': {problem}.", "model");
        }

        var staging = registry.NewStagingFolder();
        Directory.CreateDirectory(staging);
        var target = Path.Combine(task.Folder, name + ".onnx");
        var sidecarTarget = Path.ChangeExtension(target, ".json");
        try
        {
            if (sidecar is not null)
            {
                File.WriteAllBytes(Path.Combine(staging, name + ".json"), sidecar);
                File.Move(Path.Combine(staging, name + ".json"), sidecarTarget, overwrite: false);
            }

            File.WriteAllBytes(Path.Combine(staging, name + ".onnx"), onnx);
            try
            {
                File.Move(Path.Combine(staging, name + ".onnx"), target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                if (sidecar is not null)
                {
                    File.Delete(sidecarTarget);
                }

                throw;
            }
        }
        catch (IOException) when (File.Exists(target) || File.Exists(sidecarTarget))
        {
            throw new RefusalException(RefusalKind.Conflict, $"'{name}' was taken while the upload was stored; choose another name.", "name");
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        registry.Reload();
        return registry.Find(name) ?? throw new InvalidOperationException($"Model '{name}' was stored but is not in the registry.");
    }
}
