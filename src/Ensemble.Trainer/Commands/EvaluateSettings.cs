using System.ComponentModel;
using Ensemble.Tasks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class EvaluateSettings : CommandSettings
{
    [CommandOption("--task <DIR>")]
    [Description("The task folder whose validation and test splits score the model. Default: the model's folder.")]
    public string? Task { get; init; }

    [CommandOption("-m|--model <PATH>")]
    [Description("The ONNX model to score.")]
    public string Model { get; init; } = "";

    public string TaskFolder => Task ?? Path.GetDirectoryName(Path.GetFullPath(Model))!;

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required.")
        : !File.Exists(Model) ? ValidationResult.Error($"No model at {Model}.")
        : !File.Exists(Path.Combine(TaskFolder, TaskDefinition.FileName)) ? ValidationResult.Error($"{TaskFolder} is not a task folder (no {TaskDefinition.FileName}); name one with --task.")
        : ValidationResult.Success();
}
