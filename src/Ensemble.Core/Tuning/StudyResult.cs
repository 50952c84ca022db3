using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>
/// What a study found. <see cref="HeldOut"/> is the honest estimate: per fold, the best trial by fit score, scored
/// on the rows it never saw, averaged. <see cref="Weights"/> are refitted on all validation rows (what "apply"
/// stores), negligible shares dropped (<see cref="WeightVectors.Pruned"/>, in the folds too), and scored on the
/// test split; uniform averaging and the best single model are scored the same way.
/// With calibration, <see cref="HeldOut"/> and <see cref="Test"/> score what would be served (temperatures
/// included) and <see cref="Calibration"/> says what the temperatures changed. <see cref="OptimalityGap"/> is the
/// largest <see cref="ITuningStrategy.OptimalityGap"/> over the folds and the refit. <see cref="Subsets"/> are the
/// sets of members the refit tried (every single member among them), each with its best weights and their scores:
/// the candidates of the accuracy–cost front.
/// </summary>
public sealed record StudyResult(
    float[] Weights,
    Score Validation,
    Score HeldOut,
    Score Test,
    Score UniformHeldOut,
    Score UniformTest,
    string BestSingle,
    Score BestSingleHeldOut,
    Score BestSingleTest,
    StudyCalibration? Calibration = null,
    double? OptimalityGap = null,
    IReadOnlyList<SubsetResult>? Subsets = null);
