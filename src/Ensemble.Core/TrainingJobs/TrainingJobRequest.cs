using Ensemble.Training.Fitting;
using Ensemble.Training.Optimizers;

namespace Ensemble.Core.TrainingJobs;

/// <summary>
/// What to train. Every field is optional and defaults to the trainer's recipe for the committed models; the
/// model is named <paramref name="Name"/> when it is free, otherwise after the architecture and the job. It trains
/// on <paramref name="Task"/>'s splits (the default task without one) and is published into that task's folder.
/// </summary>
public sealed record TrainingJobRequest(
    string? Name = null,
    string? Architecture = null,
    float? Width = null,
    int? Epochs = null,
    int? BatchSize = null,
    OptimizerKind? Optimizer = null,
    float? LearningRate = null,
    bool? Cosine = null,
    int? WarmupEpochs = null,
    float? WeightDecay = null,
    bool? Augment = null,
    int? Seed = null,
    int? Limit = null,
    string? Task = null,
    float? RandomErasing = null,
    float? LabelSmoothing = null,
    float? CutMix = null)
{
    /// <summary>The most epochs one job may train: one request must not book the shared training lane for weeks.</summary>
    public const int MaxEpochs = 500;

    public TrainingOptions ToOptions()
    {
        var defaults = new TrainingOptions();
        return new TrainingOptions
        {
            Architecture = Architecture ?? defaults.Architecture,
            Width = Width ?? defaults.Width,
            Epochs = Epochs ?? defaults.Epochs,
            BatchSize = BatchSize ?? defaults.BatchSize,
            Optimizer = Optimizer ?? defaults.Optimizer,
            LearningRate = LearningRate ?? defaults.LearningRate,
            Cosine = Cosine ?? defaults.Cosine,
            WarmupEpochs = WarmupEpochs ?? defaults.WarmupEpochs,
            WeightDecay = WeightDecay ?? defaults.WeightDecay,
            Augment = Augment ?? defaults.Augment,
            Seed = Seed ?? defaults.Seed,
            RandomErasing = RandomErasing ?? defaults.RandomErasing,
            LabelSmoothing = LabelSmoothing ?? defaults.LabelSmoothing,
            CutMix = CutMix ?? defaults.CutMix,
            Limit = Limit,
        };
    }
}
