using Ensemble.Tasks.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class ExportDataCommand : Command<ExportDataSettings>
{
    public override int Execute(CommandContext context, ExportDataSettings settings, CancellationToken cancellationToken)
    {
        var (_, validation, test) = FashionMnist.Load(settings.Data);
        FashionMnist.WriteEvaluationSplits(validation, test, settings.Out);
        AnsiConsole.MarkupLineInterpolated($"Wrote {validation.Count:N0} validation and {test.Count:N0} test images with their labels to {settings.Out}.");
        return 0;
    }
}
