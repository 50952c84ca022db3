namespace Ensemble.Training.Data;

/// <summary>Train, validation and test splits; training never sees the other two.</summary>
public sealed record DatasetSplits(LabeledImages Train, LabeledImages Validation, LabeledImages Test);
