using Ensemble.Training.Data;
using Ensemble.Training.Export;
using Ensemble.Training.Fitting;
using Ensemble.Training.Kernels;
using Ensemble.Training.Networks;
using Spectre.Console;
using Spectre.Console.Cli;
using ModelTrainer = Ensemble.Training.Fitting.Trainer;

namespace Ensemble.Trainer.Commands;

public sealed class TrainCommand : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        WorkerPool.Shared = new WorkerPool(settings.Threads ?? Environment.ProcessorCount);
        var options = settings.ToOptions();

        var (data, dropped) = TrainingSplits.Load(settings.Task, settings.TrainDirectory);
        if (settings.Resume)
        {
            var saved = Checkpoint.ReadHeader(settings.CheckpointPath);
            if (saved.Options.Architecture != options.Architecture)
            {
                throw new ArgumentException($"{settings.CheckpointPath} holds a {saved.Options.Architecture} run, not {options.Architecture}.");
            }

            AnsiConsole.MarkupLineInterpolated($"Resuming {settings.CheckpointPath} after epoch {saved.EpochsCompleted}/{saved.Options.Epochs} with its saved options.");
            options = saved.Options;
        }

        var network = Architectures.Create(options.Architecture, options.Seed, options.Width, data.Task);
        AnsiConsole.MarkupLineInterpolated($"[bold]{network.Summary}[/]");
        if (dropped > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"Left out {dropped:N0} training images that are also validation or test images.");
        }

        AnsiConsole.MarkupLineInterpolated($"Task {data.Task.Name} ({data.Task.Input}, {data.Task.Classes.Count} classes): {Math.Min(options.Limit ?? int.MaxValue, data.Train.Count):N0} training images, {data.Validation.Count:N0} validation; {options.Optimizer} lr {options.LearningRate:G3}, weight decay {options.WeightDecay:G3}, {(options.Cosine ? "cosine" : "constant")} schedule, batch {options.BatchSize}, augment {(options.Augment ? "on" : "off")}, random erasing {options.RandomErasing:G3}, CutMix {options.CutMix:G3}, label smoothing {options.LabelSmoothing:G3}, seed {options.Seed}, {WorkerPool.Shared.Threads} threads");

        TrainingRun? run = null;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(progress => run = new ModelTrainer(new ConsoleTrainingObserver(progress)).Run(options, data, settings.CheckpointPath, settings.Resume, cancellationToken));
        }
        else
        {
            // Redirected output (CI, logs): a live display would reprint every bar; write one line per epoch instead.
            run = new ModelTrainer(new LogTrainingObserver()).Run(options, data, settings.CheckpointPath, settings.Resume, cancellationToken);
        }

        if (run!.Cancelled)
        {
            var done = run.History.Count;
            AnsiConsole.MarkupLineInterpolated($"[yellow]Stopped.[/] {done} epoch(s) are saved in {settings.CheckpointPath}; continue with the same command and --resume.");
            return 130;
        }

        var validation = Evaluator.Evaluate(run.Network, data.Validation);
        var test = Evaluator.Evaluate(run.Network, data.Test);
        var card = ModelExporter.Export(run, validation, test, settings.OutPath, data.Task);
        var checked_ = OnnxEvaluator.Evaluate(settings.OutPath, data.Task, data.Validation, data.Test);
        AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{settings.OutPath}[/] and {ModelExporter.SidecarPath(settings.OutPath)} (sha256 {card.Sha256[..12]}…) after {run.Seconds:F0} s.");
        AnsiConsole.MarkupLineInterpolated($"Through ONNX Runtime: validation {checked_.Validation.Accuracy:P2} (log-loss {checked_.Validation.LogLoss:F4}), test {checked_.Test.Accuracy:P2} (log-loss {checked_.Test.LogLoss:F4}).");
        return 0;
    }
}
