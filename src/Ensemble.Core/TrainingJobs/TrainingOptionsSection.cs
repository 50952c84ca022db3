namespace Ensemble.Core.TrainingJobs;

/// <summary>The "Training" configuration section: where train splits and checkpoints are, and how many threads train.</summary>
public sealed class TrainingOptionsSection
{
    public const string Section = "Training";

    /// <summary>
    /// Per task, a directory holding its train split, for tasks whose folder does not ship one (a split too large
    /// to commit, say). Training samples equal to a validation or test sample are dropped either way.
    /// </summary>
    public Dictionary<string, string> TrainData { get; set; } = [];

    /// <summary>Epoch checkpoints of jobs and search trials; relative paths sit beside the models folder.</summary>
    public string CheckpointDirectory { get; set; } = "data/training";

    /// <summary>Trainer threads; 0 means half the cores, so serving keeps the rest.</summary>
    public int Threads { get; set; }

    public int ResolvedThreads => Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount / 2);
}
