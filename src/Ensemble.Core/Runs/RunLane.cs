namespace Ensemble.Core.Runs;

/// <summary>
/// A queue that runs one piece of work at a time, oldest first. Studies take a few seconds of one core; training
/// takes the trainer's threads for minutes to hours, so the two never wait for each other.
/// </summary>
public enum RunLane
{
    Tuning,
    Training,
}
