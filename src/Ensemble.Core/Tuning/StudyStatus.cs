namespace Ensemble.Core.Tuning;

public enum StudyStatus
{
    Queued,
    Running,
    Completed,
    Cancelled,
    Failed,

    /// <summary>The process stopped while the study ran; its finished trials are kept.</summary>
    Interrupted,
}
