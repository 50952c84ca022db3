using System.ComponentModel;
using Ensemble.Training.Networks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class SummarySettings : TaskSettings
{
    [CommandOption("-a|--arch <NAME>")]
    [Description("Architecture preset: residual, separable, largekernel, isotropic, vgg or mlp.")]
    public string Architecture { get; init; } = Architectures.Residual;

    public override ValidationResult Validate() =>
        base.Validate() is { Successful: false } task ? task
        : Architectures.Names.Contains(Architecture) ? ValidationResult.Success()
        : ValidationResult.Error($"Unknown architecture '{Architecture}'; choose {string.Join(", ", Architectures.Names)}.");
}
