using System.Reflection;
using Ensemble.Trainer.Commands;
using Ensemble.Training.Export;
using Ensemble.Training.Fitting;
using Ensemble.Training.Optimizers;
using Spectre.Console.Cli;

namespace Ensemble.Training.Tests.Export;

/// <summary>
/// The hyperparameters are declared once, in <see cref="TrainingOptions"/>; the CLI's flags and the command a
/// sidecar records are projections of them. Parsing the recorded command with the CLI's own parser must give the
/// options back, every one of them.
/// </summary>
public class RecordedCommandTests
{
    [Fact]
    public void TheCommandASidecarRecords_ParsesBackIntoTheSameOptions_EveryHyperparameterIncluded()
    {
        var options = new TrainingOptions
        {
            Architecture = "vgg",
            Width = 0.75f,
            Epochs = 7,
            BatchSize = 96,
            Optimizer = OptimizerKind.Sgd,
            LearningRate = 0.03f,
            WeightDecay = 1e-4f,
            Cosine = false,
            WarmupEpochs = 2,
            Augment = false,
            RandomErasing = 0.5f,
            CutMix = 0.25f,
            LabelSmoothing = 0.1f,
            Seed = 7,
            Limit = 5000,
        };
        // Every option away from its default, so one that the command or the flags leave out cannot pass unseen.
        var defaults = new TrainingOptions();
        Assert.All(typeof(TrainingOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"),
            p => Assert.False(Equals(p.GetValue(defaults), p.GetValue(options)), $"{p.Name} is at its default"));

        var command = ModelExporter.TrainCommand(options, "digits", "probe.onnx")
            .Replace("--task models/digits", $"--task {Path.Combine(RepositoryPaths.ModelsRepository, "digits")}");
        var arguments = command[(command.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ');
        var app = new CommandApp();
        app.Configure(config => config.AddCommand<Capture>("train"));

        Assert.Equal(0, app.Run(arguments));
        Assert.Equal(options, Capture.Last!.ToOptions());
    }

    [Fact]
    public void TheCliDefaults_AreTheOptionsDefaults()
    {
        var app = new CommandApp();
        app.Configure(config => config.AddCommand<Capture>("train"));

        Assert.Equal(0, app.Run(["train", "--task", Path.Combine(RepositoryPaths.ModelsRepository, "digits")]));
        Assert.Equal(new TrainingOptions(), Capture.Last!.ToOptions());
    }

    private sealed class Capture : Command<TrainSettings>
    {
        public static TrainSettings? Last { get; private set; }

        public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
        {
            Last = settings;
            return 0;
        }
    }
}
