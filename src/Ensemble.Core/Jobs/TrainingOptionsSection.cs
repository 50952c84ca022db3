namespace Ensemble.Core.Jobs;

/// <summary>The "Training" configuration section: where the training data and checkpoints are, and how many threads train.</summary>
public sealed class TrainingOptionsSection
{
    public const string Section = "Training";

    /// <summary>The full Fashion-MNIST IDX files (Debian package dataset-fashion-mnist).</summary>
    public string DataDirectory { get; set; } = Ensemble.Training.Data.FashionMnist.DefaultDirectory;

    /// <summary>Epoch checkpoints of jobs and search trials; relative paths sit beside the models folder.</summary>
    public string CheckpointDirectory { get; set; } = "data/training";

    /// <summary>Trainer threads; 0 means half the cores, so serving keeps the rest.</summary>
    public int Threads { get; set; }

    public int ResolvedThreads => Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount / 2);
}
