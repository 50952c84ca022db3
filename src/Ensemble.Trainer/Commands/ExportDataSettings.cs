using System.ComponentModel;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class ExportDataSettings : DataSettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("Destination directory. Default models/fashion-mnist/data.")]
    public string Out { get; init; } = Path.Combine("models", Ensemble.Tasks.Data.FashionMnist.TaskName, "data");
}
