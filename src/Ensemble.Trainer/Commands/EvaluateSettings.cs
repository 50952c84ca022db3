using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class EvaluateSettings : CommandSettings
{
    [CommandOption("-m|--model <PATH>")]
    [Description("The ONNX model to score.")]
    public string Model { get; init; } = "";

    [CommandOption("-d|--data <DIR>")]
    [Description("Directory with the validation and test splits. Default: the data folder beside the model (models/data), else the Debian dataset.")]
    public string? Data { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required.")
        : !File.Exists(Model) ? ValidationResult.Error($"No model at {Model}.")
        : ValidationResult.Success();
}
