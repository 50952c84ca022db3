namespace Ensemble.Core.Ensembling;

/// <summary>
/// What a version stores beside its weights to make its probabilities honest and its doubt usable: a temperature per
/// member (by model name; a member not named keeps 1), one for the mixture, and the confidence below which a
/// prediction is flagged to abstain (null: never).
/// </summary>
public sealed record VersionCalibration(IReadOnlyDictionary<string, float> MemberTemperatures, float Temperature = 1f, float? AbstainBelow = null)
{
    public static VersionCalibration None { get; } = new(new Dictionary<string, float>());

    /// <summary>The calibration a version already has, to carry into the next one.</summary>
    public static VersionCalibration Of(EnsembleSpec spec) =>
        new(spec.Members.ToDictionary(m => m.Model, m => m.Temperature), spec.Temperature, spec.AbstainBelow);

    /// <summary>Why this calibration cannot be stored, or null when it can.</summary>
    public string? Problem()
    {
        foreach (var (model, temperature) in MemberTemperatures)
        {
            if (!IsTemperature(temperature))
            {
                return $"The temperature of '{model}' is {temperature}; temperatures are positive, finite numbers.";
            }
        }

        if (!IsTemperature(Temperature))
        {
            return $"The ensemble's temperature is {Temperature}; temperatures are positive, finite numbers.";
        }

        return AbstainBelow is { } threshold && !(threshold is >= 0f and <= 1f)
            ? $"The abstain threshold is {threshold}; it is a confidence from 0 to 1."
            : null;
    }

    private static bool IsTemperature(float value) => value > 0f && float.IsFinite(value);
}
