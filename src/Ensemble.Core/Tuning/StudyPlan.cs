using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>
/// How a study judges weights honestly: the validation rows are split into <see cref="Folds"/> folds (or, with
/// <see cref="HoldoutFraction"/>, one fit part and one held-out part); the strategy fits on each fit part and its
/// best trial is scored on the held-out part it never saw. The test split is only ever scored. With
/// <see cref="Calibrate"/>, each fit part also fits the members' temperatures (before the weights are tuned) and
/// the mixture's (after), and the held-out part and test are scored with them.
/// </summary>
public sealed record StudyPlan(Objective Objective, int Folds = 5, double? HoldoutFraction = null, int Seed = 1, bool Calibrate = false)
{
    public void Validate()
    {
        if (HoldoutFraction is { } f && (f <= 0 || f >= 1 || !double.IsFinite(f)))
        {
            throw new ArgumentException("The holdout fraction must be between 0 and 1.");
        }

        if (HoldoutFraction is null && Folds is < 2 or > 20)
        {
            throw new ArgumentException("Use 2 to 20 folds, or a holdout fraction.");
        }
    }
}
