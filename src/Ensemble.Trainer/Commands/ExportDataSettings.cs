using System.ComponentModel;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class ExportDataSettings : DataSettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("Destination directory. Default models/data.")]
    public string Out { get; init; } = Path.Combine("models", "data");
}
