
namespace Ensemble.Tasks.Data;

/// <summary>A task's train, validation and test splits as its raw input; training never sees the other two.</summary>
public sealed record DatasetSplits(TaskDefinition Task, LabeledSamples Train, LabeledSamples Validation, LabeledSamples Test);
