using Ensemble.Training.Export;
using Ensemble.Training.Fitting;
using Ensemble.Training.Optimizers;

namespace Ensemble.Training.Tests.Export;

public class ModelExporterTests
{
    [Fact]
    public void TrainCommand_SpellsOutEveryOption_SoTheSidecarReproducesTheRun()
    {
        var options = new TrainingOptions
        {
            Architecture = "largekernel",
            Width = 1.5f,
            Epochs = 60,
            BatchSize = 96,
            Optimizer = OptimizerKind.Sgd,
            LearningRate = 0.05f,
            WeightDecay = 1e-4f,
            Cosine = false,
            WarmupEpochs = 2,
            Augment = false,
            RandomErasing = 0.5f,
            LabelSmoothing = 0.1f,
            Seed = 7,
            Limit = 5000,
        };

        var command = ModelExporter.TrainCommand(options, "fashion-mnist", "wide.onnx");

        Assert.Equal(
            "dotnet run -c Release --project src/Ensemble.Trainer -- train --task models/fashion-mnist --arch largekernel --width 1.5 --epochs 60 " +
            "--batch-size 96 --optimizer sgd --lr 0.05 --weight-decay 0.0001 --schedule constant --warmup 2 --no-augment --random-erasing 0.5 " +
            "--label-smoothing 0.1 --seed 7 --limit 5000 --out models/fashion-mnist/wide.onnx",
            command);
    }

    [Fact]
    public void TrainCommand_NamesCutMixOnlyWhenItIsOn()
    {
        var plain = ModelExporter.TrainCommand(new TrainingOptions(), "fashion-mnist", "a.onnx");
        var mixed = ModelExporter.TrainCommand(new TrainingOptions { CutMix = 0.25f }, "fashion-mnist", "a.onnx");

        Assert.DoesNotContain("--cutmix", plain);
        Assert.Equal(plain.Replace(" --out", " --cutmix 0.25 --out"), mixed);
    }
}
