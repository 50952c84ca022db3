namespace Ensemble.Core.Jobs;

/// <summary>Where a training job or a hyperparameter search stands.</summary>
public enum TrainingStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,

    /// <summary>It was running when the process stopped; a job can resume from its last epoch checkpoint.</summary>
    Interrupted,
}
