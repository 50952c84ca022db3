using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Ensemble.Training.Kernels;
using Ensemble.Training.Tasks;
using Ensemble.Training.Training;
using Google.Protobuf;

namespace Ensemble.Training.Onnx;

/// <summary>
/// Writes a trained network as NAME.onnx plus its NAME.json sidecar, each atomically (temp file, then rename). Both
/// carry the task's classes; the sidecar also states the output, so serving need not probe for its kind.
/// </summary>
public static class ModelExporter
{
    public const string OutputName = "probabilities";

    public static ModelCard Export(TrainingRun run, Evaluation validation, Evaluation test, string onnxPath, TaskDefinition task)
    {
        var network = run.Network;
        var metadata = new Dictionary<string, string>
        {
            ["architecture"] = network.Architecture,
            ["task"] = task.Name,
            ["class_names"] = JsonSerializer.Serialize(task.Classes),
            ["test_accuracy"] = test.Accuracy.ToString("R", CultureInfo.InvariantCulture),
            ["validation_accuracy"] = validation.Accuracy.ToString("R", CultureInfo.InvariantCulture),
            ["parameters"] = network.ParameterCount.ToString(CultureInfo.InvariantCulture),
            ["seed"] = run.Options.Seed.ToString(CultureInfo.InvariantCulture),
        };
        var bytes = network.ToOnnx(metadata).ToByteArray();
        WriteAtomically(onnxPath, bytes);

        var card = new ModelCard
        {
            Name = Path.GetFileNameWithoutExtension(onnxPath),
            Architecture = network.Architecture,
            Parameters = network.ParameterCount,
            MegaFlops = Math.Round(network.Flops / 1e6, 2),
            Hyperparameters = run.Options,
            Seed = run.Options.Seed,
            TrainImages = run.TrainImages,
            Threads = WorkerPool.Shared.Threads,
            Epochs = run.History,
            Validation = validation,
            Test = test,
            TrainingSeconds = Math.Round(run.Seconds, 1),
            Task = task.Name,
            Classes = task.Classes,
            Output = new ModelOutput(OutputName, ModelOutput.Probabilities),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            CreatedUtc = DateTimeOffset.UtcNow,
        };
        WriteAtomically(SidecarPath(onnxPath), JsonSerializer.SerializeToUtf8Bytes(card, TrainingJson.Options));
        return card;
    }

    public static string SidecarPath(string onnxPath) => Path.ChangeExtension(onnxPath, ".json");

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
