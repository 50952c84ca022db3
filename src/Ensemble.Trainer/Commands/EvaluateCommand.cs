using Ensemble.Tasks;
using Ensemble.Tasks.Data;
using Ensemble.Training.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ensemble.Trainer.Commands;

public sealed class EvaluateCommand : Command<EvaluateSettings>
{
    public override int Execute(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        var task = TaskDefinition.Read(settings.TaskFolder);
        var data = Path.Combine(settings.TaskFolder, TrainingSplits.DataFolder);
        var validation = TaskData.Load(task, data, "validation") ?? throw new DatasetNotFoundException($"{data} has no validation split.");
        var test = TaskData.Load(task, data, "test") ?? throw new DatasetNotFoundException($"{data} has no test split.");
        var (v, t) = OnnxEvaluator.Evaluate(settings.Model, task, validation, test);
        var table = new Table().AddColumns("split", "samples", "accuracy", "log-loss");
        table.AddRow("validation", $"{v.Count:N0}", $"{v.Accuracy:P2}", $"{v.LogLoss:F4}");
        table.AddRow("test", $"{t.Count:N0}", $"{t.Accuracy:P2}", $"{t.LogLoss:F4}");
        AnsiConsole.MarkupLineInterpolated($"[bold]{settings.Model}[/] through ONNX Runtime on task {task.Name} ({data})");
        AnsiConsole.Write(table);
        return 0;
    }
}
