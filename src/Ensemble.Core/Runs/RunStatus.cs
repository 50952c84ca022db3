namespace Ensemble.Core.Runs;

/// <summary>Where a study, training job or search stands: one vocabulary for every kind of background work.</summary>
public enum RunStatus
{
    /// <summary>Waiting for its lane; cancelling withdraws it.</summary>
    Queued,

    Running,
    Completed,

    /// <summary>It stopped on an error; the reason is stored with it.</summary>
    Failed,

    /// <summary>Someone cancelled it.</summary>
    Cancelled,

    /// <summary>The process stopped while it ran (a shutdown or a crash); kinds that can resume continue where it stopped.</summary>
    Interrupted,
}
