using Ensemble.Training.Data;

namespace Ensemble.Core.Samples;

/// <summary>The committed validation and test splits (models/data), loaded once on first use.</summary>
public sealed class SampleStore(string directory)
{
    private readonly Lazy<(LabeledImages Validation, LabeledImages Test)> _splits = new(() => FashionMnist.LoadEvaluation(directory));

    public string Directory { get; } = directory;

    public LabeledImages Validation => _splits.Value.Validation;

    public LabeledImages Test => _splits.Value.Test;

    public LabeledImages? Split(string name) => name switch
    {
        "validation" => Validation,
        "test" => Test,
        _ => null,
    };
}
