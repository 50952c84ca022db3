namespace Ensemble.Core.TrainingJobs;

/// <summary>Where the epoch checkpoints of jobs and search trials live (outside the models folder, so it only ever holds finished models).</summary>
public sealed class CheckpointPaths(string directory)
{
    public string Directory { get; } = directory;

    public string Job(int id) => Path.Combine(Directory, $"job-{id}.ckpt");

    public string Search(int id) => Path.Combine(Directory, $"search-{id}");

    public string SearchTrial(int id, int trial) => Path.Combine(Search(id), $"trial-{trial}.ckpt");
}
