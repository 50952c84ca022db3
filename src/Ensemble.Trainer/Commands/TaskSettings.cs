using System.ComponentModel;
using Ensemble.Tasks;
using Ensemble.Tasks.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

/// <summary>The task a command works on: its folder in the model repository.</summary>
public class TaskSettings : CommandSettings
{
    [CommandOption("--task <DIR>")]
    [Description("The task's folder (task.json and data/). Default models/fashion-mnist.")]
    public string Task { get; init; } = Path.Combine("models", FashionMnist.TaskName);

    public override ValidationResult Validate() =>
        File.Exists(Path.Combine(Task, TaskDefinition.FileName)) ? ValidationResult.Success()
        : ValidationResult.Error($"{Task} is not a task folder: it has no {TaskDefinition.FileName}.");
}
