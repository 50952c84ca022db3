namespace Ensemble.Web.Endpoints.Tasks;

/// <summary>Whether a task has a train split (read only when a job trains on it), and its validation and test rows.</summary>
public sealed record TaskSplitSizes(bool Train, int? Validation, int? Test);
