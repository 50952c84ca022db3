namespace Ensemble.Core.Runs;

public static class RunStatusExtensions
{
    /// <summary>Queued or running: the work may still change.</summary>
    public static bool IsActive(this RunStatus status) => status is RunStatus.Queued or RunStatus.Running;

    /// <summary>Completed, failed, cancelled or interrupted: nothing runs until someone resumes it.</summary>
    public static bool IsFinished(this RunStatus status) => !status.IsActive();
}
