namespace Ensemble.Web.Training;

/// <summary>A queued unit of training: a job, or a whole search (its trials run back to back).</summary>
public readonly record struct TrainingWork(TrainingWorkKind Kind, int Id);
