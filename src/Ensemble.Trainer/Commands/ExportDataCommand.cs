using Ensemble.Training.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class ExportDataCommand : Command<ExportDataSettings>
{
    public override int Execute(CommandContext context, ExportDataSettings settings, CancellationToken cancellationToken)
    {
        var splits = FashionMnist.Load(settings.Data);
        FashionMnist.WriteEvaluationSplits(splits, settings.Out);
        AnsiConsole.MarkupLineInterpolated($"Wrote {splits.Validation.Count:N0} validation and {splits.Test.Count:N0} test images with labels and class names to {settings.Out}.");
        return 0;
    }
}
