using Ensemble.Tasks.Data;
using Ensemble.Training.Data;
using Ensemble.Training.Fitting;
using Ensemble.Training.Optimizers;
// The test project also references the CLI, whose namespace Ensemble.Trainer hides the class from this namespace.
using ModelTrainer = Ensemble.Training.Fitting.Trainer;

namespace Ensemble.Training.Tests.Fitting;

public sealed class TrainerTests : IDisposable
{
    // The committed evaluation splits: real Fashion-MNIST images, so a fresh clone trains without the Debian package.
    private static readonly Lazy<(LabeledSamples Validation, LabeledSamples Test)> Committed = new(() =>
    {
        var (validation, test) = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData);
        return (validation.ToSamples(), test.ToSamples());
    });
    private readonly string _directory = Directory.CreateTempSubdirectory("trainer-tests").FullName;

    [Fact]
    public void Run_Overfits128Samples_ToFullTrainingAccuracy()
    {
        var tiny = Committed.Value.Test.Slice(0, 128);
        var options = new TrainingOptions
        {
            Architecture = "residual",
            Epochs = 40,
            BatchSize = 32,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 2e-3f,
            WeightDecay = 0f,
            Cosine = false,
            WarmupEpochs = 0,
            Augment = false,
            Seed = 1,
        };

        var run = new ModelTrainer().Run(options, new DatasetSplits(CommittedTasks.Fashion, tiny, tiny, tiny));

        // Validation here is the same 128 images in inference mode: the model has memorized them.
        Assert.Equal(1.0, run.History[^1].ValidationAccuracy);
    }

    [Fact]
    public void Run_On2000Images_ClearsTheValidationFloor()
    {
        var options = new TrainingOptions { Architecture = "separable", Epochs = 3, BatchSize = 32, Limit = 2_000, Seed = 1 };

        var (validation, test) = Committed.Value;
        var run = new ModelTrainer().Run(options, new DatasetSplits(CommittedTasks.Fashion, test, validation, test));

        // Stated floor: 70 % on the 5,000 validation images after 3 epochs on 2,000 others (this recipe measured 74 % on the training file's first 2,000).
        Assert.True(run.History[^1].ValidationAccuracy >= 0.70, $"validation accuracy {run.History[^1].ValidationAccuracy:P2}");
    }

    [Fact]
    public void Run_WithCutMix_On2000Images_StillLearns()
    {
        var options = new TrainingOptions { Architecture = "separable", Epochs = 3, BatchSize = 32, Limit = 2_000, CutMix = 0.5f, Seed = 1 };

        var (validation, test) = Committed.Value;
        var run = new ModelTrainer().Run(options, new DatasetSplits(CommittedTasks.Fashion, test, validation, test));

        // Stated floor: 65 % after 3 epochs on 2,000 images with half of them cut-mixed (this recipe measured 71.6 %).
        Assert.True(run.History[^1].ValidationAccuracy >= 0.65, $"validation accuracy {run.History[^1].ValidationAccuracy:P2}");
    }

    [Fact]
    public void Run_OnTheCommittedDigitsTask_LearnsItsEightByEightImages()
    {
        var (data, dropped) = TrainingSplits.Load(CommittedTasks.DigitsDirectory);
        var options = new TrainingOptions { Architecture = "residual", Width = 0.5f, Epochs = 6, BatchSize = 32, Augment = false, Seed = 1 };

        var run = new ModelTrainer().Run(options, data);

        Assert.Equal(0, dropped);
        Assert.Equal(new Tensors.TensorShape(1, 8, 8), run.Network.InputShape);
        Assert.Equal(10, run.Network.Classes);
        // Stated floor: 85 % of the 359 validation digits after 6 epochs on the 1,079 training digits.
        Assert.True(run.History[^1].ValidationAccuracy >= 0.85, $"validation accuracy {run.History[^1].ValidationAccuracy:P2}");
    }

    [Fact]
    public void Run_SameSeedAndThreads_GivesBitIdenticalWeights_AndResumeContinuesExactly()
    {
        var data = Small();
        var options = new TrainingOptions { Architecture = "separable", Epochs = 2, BatchSize = 64, Seed = 4 };
        var checkpoint = Path.Combine(_directory, "run.ckpt");

        var straight = new ModelTrainer().Run(options, data);
        var again = new ModelTrainer().Run(options, data);
        using var stop = new CancellationTokenSource();
        var firstHalf = new ModelTrainer(new CancelAfterEpoch(stop, 1)).Run(options, data, checkpoint, cancellation: stop.Token);
        var resumed = new ModelTrainer().Run(options, data, checkpoint, resume: true);

        Assert.True(firstHalf.Cancelled);
        Assert.Equal(Weights(straight), Weights(again));
        Assert.Equal(Weights(straight), Weights(resumed));
        Assert.Equal(2, resumed.History.Count);
    }

    [Fact]
    public void Run_StoppedAfterAnEpoch_ContinuesLaterAsIfNeverPaused()
    {
        var data = Small();
        var options = new TrainingOptions { Architecture = "mlp", Width = 0.5f, Epochs = 3, BatchSize = 64, Seed = 2 };
        var checkpoint = Path.Combine(_directory, "rung.ckpt");

        var straight = new ModelTrainer().Run(options, data);
        var rung = new ModelTrainer().Run(options, data, checkpoint, stopAfterEpoch: 1);
        var continued = new ModelTrainer().Run(options, data, checkpoint, resume: true);

        Assert.False(rung.Cancelled);
        Assert.Single(rung.History);
        Assert.Equal(3, continued.History.Count);
        Assert.Equal(straight.History[0].LearningRate, rung.History[0].LearningRate);
        Assert.Equal(Weights(straight), Weights(continued));
    }

    private static DatasetSplits Small()
    {
        var (validation, test) = Committed.Value;
        return new DatasetSplits(CommittedTasks.Fashion, test.Slice(0, 512), validation.Slice(0, 256), test.Slice(512, 256));
    }

    private static float[] Weights(TrainingRun run) => [.. run.Network.Parameters.SelectMany(p => p.Value)];

    // Cancels when an epoch completes, the way Ctrl+C interrupts a run.
    private sealed class CancelAfterEpoch(CancellationTokenSource source, int epoch) : ITrainingObserver
    {
        public void OnEpochStarted(int epoch, int epochs, int batches)
        {
        }

        public void OnBatch(BatchProgress progress)
        {
        }

        public void OnEpochCompleted(EpochMetrics metrics)
        {
            if (metrics.Epoch == epoch)
            {
                source.Cancel();
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
