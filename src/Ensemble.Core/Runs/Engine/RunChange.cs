namespace Ensemble.Core.Runs.Engine;

/// <summary>
/// A run changed: it was queued, started, reported progress, or finished. <see cref="Progress"/> is the kind's
/// live progress (<c>StudyProgress</c>, <c>TrainingProgress</c> or <c>SearchProgress</c>) while it runs.
/// </summary>
public sealed record RunChange(RunKind Kind, int Id, RunStatus Status, object? Progress = null);
