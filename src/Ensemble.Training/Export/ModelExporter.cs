using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Ensemble.Tasks;
using Ensemble.Training.Fitting;
using Ensemble.Training.Kernels;
using Ensemble.Training.Onnx;
using Google.Protobuf;

namespace Ensemble.Training.Export;

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
            Command = TrainCommand(run.Options, task.Name, Path.GetFileName(onnxPath)),
        };
        WriteAtomically(SidecarPath(onnxPath), JsonSerializer.SerializeToUtf8Bytes(card, TrainingJson.Options));
        return card;
    }

    /// <summary>The CLI's train command with every option of <paramref name="options"/> spelled out.</summary>
    public static string TrainCommand(TrainingOptions options, string task, string fileName)
    {
        var culture = CultureInfo.InvariantCulture;
        var command = new List<string>
        {
            "dotnet run -c Release --project src/Ensemble.Trainer -- train",
            $"--task models/{task}", $"--arch {options.Architecture}", string.Create(culture, $"--width {options.Width}"),
            $"--epochs {options.Epochs}", $"--batch-size {options.BatchSize}", $"--optimizer {options.Optimizer.ToString().ToLowerInvariant()}",
            string.Create(culture, $"--lr {options.LearningRate}"), string.Create(culture, $"--weight-decay {options.WeightDecay}"),
            $"--schedule {(options.Cosine ? "cosine" : "constant")}", $"--warmup {options.WarmupEpochs}", options.Augment ? "--augment" : "--no-augment",
            string.Create(culture, $"--random-erasing {options.RandomErasing}"), string.Create(culture, $"--label-smoothing {options.LabelSmoothing}"),
            $"--seed {options.Seed}",
        };
        if (options.CutMix > 0f)
        {
            // Only when on, so the commands recorded before the option existed still read as they ran.
            command.Add(string.Create(culture, $"--cutmix {options.CutMix}"));
        }

        if (options.Limit is { } limit)
        {
            command.Add($"--limit {limit}");
        }

        command.Add($"--out models/{task}/{fileName}");
        return string.Join(' ', command);
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
