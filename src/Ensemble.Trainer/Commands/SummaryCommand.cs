using Ensemble.Tasks;
using Ensemble.Training.Networks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class SummaryCommand : Command<SummarySettings>
{
    public override int Execute(CommandContext context, SummarySettings settings, CancellationToken cancellationToken)
    {
        var network = Architectures.Create(settings.Architecture, seed: 1, width: 1f, TaskDefinition.Read(settings.Task));
        var table = new Table().AddColumns("layer", "output", "parameters", "MFLOP");
        foreach (var layer in network.AllLayers().Where(l => !l.Children.Any()))
        {
            var parameters = layer.Parameters.Sum(p => p.Length);
            table.AddRow(layer.Name, Markup.Escape(layer.OutputShape.ToString()), parameters == 0 ? "" : $"{parameters:N0}", layer.Flops == 0 ? "" : $"{layer.Flops / 1e6:F2}");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[bold]{network.Summary}[/]");
        return 0;
    }
}
