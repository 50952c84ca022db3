using Ensemble.Core.Tasks;
using Ensemble.Core.Versions;
using Ensemble.Training.Export;
using Ensemble.Training.Fitting;

namespace Ensemble.Core.Models.Publishing;

/// <summary>
/// Puts a trained model into the models folder under a name of its own and registers it without a restart.
/// Both files are written in a staging folder on the same file system, then moved in with no overwrite: a name
/// that is taken (by a model file or an ensemble) moves on to the next free one, and a crash leaves no half file.
/// </summary>
public sealed class ModelPublisher(ModelRegistry registry, EnsembleStore ensembles)
{
    /// <summary>Publishes into <paramref name="task"/>'s folder.</summary>
    public (string Name, ModelCard Card) Publish(TrainingRun run, Evaluation validation, Evaluation test, string preferredName, ServedTask task)
    {
        var folder = task.Folder;
        var staging = registry.NewStagingFolder();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var name = attempt == 1 ? preferredName : $"{preferredName}-{attempt}";
                if (!IsFree(name, folder))
                {
                    continue;
                }

                var stagedModel = Path.Combine(staging, name + ".onnx");
                var card = ModelExporter.Export(run, validation, test, stagedModel, task.Definition!);
                var target = Path.Combine(folder, name + ".onnx");
                var sidecar = ModelExporter.SidecarPath(target);
                try
                {
                    // The sidecar first: the registry keys on .onnx files, so it never sees a model without its card.
                    File.Move(ModelExporter.SidecarPath(stagedModel), sidecar, overwrite: false);
                }
                catch (IOException) when (File.Exists(sidecar))
                {
                    continue;
                }

                try
                {
                    File.Move(stagedModel, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    File.Delete(sidecar);
                    continue;
                }

                registry.Reload();
                return (name, card);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            var parent = Path.GetDirectoryName(staging)!;
            if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
            {
                // Another job may be staging at this moment; then the folder stays, which is harmless.
                try
                {
                    Directory.Delete(parent);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>A name a new model may take in <paramref name="folder"/>: no model file by it there, and no model or ensemble called so anywhere.</summary>
    public bool IsFree(string name, string folder) =>
        !File.Exists(Path.Combine(folder, name + ".onnx"))
        && !File.Exists(Path.Combine(folder, name + ".json"))
        && registry.Find(name) is null
        && ensembles.Active(name) is null;

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 48 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_') && char.IsAsciiLetterOrDigit(name[0]);
}
