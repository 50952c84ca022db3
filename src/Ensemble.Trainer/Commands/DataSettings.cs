using System.ComponentModel;
using Ensemble.Tasks.Data;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public class DataSettings : CommandSettings
{
    [CommandOption("-d|--data <DIR>")]
    [Description("Fashion-MNIST IDX files. Default /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist).")]
    public string Data { get; init; } = FashionMnist.DefaultDirectory;
}
