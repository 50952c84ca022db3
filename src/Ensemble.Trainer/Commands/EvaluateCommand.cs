using Ensemble.Training.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class EvaluateCommand : Command<EvaluateSettings>
{
    public override int Execute(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.Model))!, "data");
        var directory = settings.Data ?? (Directory.Exists(beside) ? beside : FashionMnist.DefaultDirectory);
        var (validation, test) = FashionMnist.LoadEvaluation(directory);
        var (v, t) = OnnxEvaluator.Evaluate(settings.Model, validation, test);
        var table = new Table().AddColumns("split", "images", "accuracy", "log-loss");
        table.AddRow("validation", $"{v.Count:N0}", $"{v.Accuracy:P2}", $"{v.LogLoss:F4}");
        table.AddRow("test", $"{t.Count:N0}", $"{t.Accuracy:P2}", $"{t.LogLoss:F4}");
        AnsiConsole.MarkupLineInterpolated($"[bold]{settings.Model}[/] through ONNX Runtime, data from {directory}");
        AnsiConsole.Write(table);
        return 0;
    }
}
