namespace Ensemble.Core.Hyperparameters;

/// <summary>What became of a search trial.</summary>
public enum TrialOutcome
{
    /// <summary>Training, or among the best of its last rung and waiting for the next.</summary>
    Running,

    /// <summary>Not among the best of its rung: training stopped early.</summary>
    Stopped,

    /// <summary>Reached its bracket's last rung.</summary>
    Completed,

    /// <summary>Diverged or failed; its reason is stored.</summary>
    Failed,

    Cancelled,
}
