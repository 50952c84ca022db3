using Ensemble.Core.Calibration;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Scoring;

namespace Ensemble.Core.Versions;

/// <summary>
/// Sets where an ensemble abstains: a new version with the active version's weights and temperatures and the chosen
/// threshold, picked on validation (where a target is given) and judged on test too.
/// </summary>
public sealed class AbstainThresholds(EnsembleStore store, EnsembleEvaluator evaluator)
{
    public async Task<AbstainResult> SetAsync(string name, AbstainTarget target, string? note = null, bool activate = true, CancellationToken cancellation = default)
    {
        var spec = store.Active(name) ?? throw new RefusalException(RefusalKind.NotFound, $"No ensemble is named '{name}'.");
        var threshold = Choose(target, spec);
        var saved = await store.AddVersionAsync(name, spec.Method, spec.Members.ToDictionary(m => m.Model, m => (double)m.Weight), Provenance.Manual, null,
            note ?? (threshold is { } t ? $"abstains below confidence {t:F4}" : "never abstains"), activate, cancellation,
            VersionCalibration.Of(spec) with { AbstainBelow = threshold });
        return new AbstainResult(saved, threshold,
            threshold is { } v ? evaluator.AtThreshold(spec, "validation", v) : null,
            threshold is { } u ? evaluator.AtThreshold(spec, "test", u) : null);
    }

    private float? Choose(AbstainTarget target, EnsembleSpec spec)
    {
        if (new object?[] { target.Threshold, target.TargetAccuracy, target.TargetCoverage }.Count(v => v is not null) > 1)
        {
            throw Invalid("Give one of threshold, targetAccuracy and targetCoverage.", "threshold");
        }

        if (target.Threshold is { } threshold)
        {
            return threshold is >= 0f and <= 1f ? threshold : throw Invalid($"The threshold is {threshold}; it is a confidence from 0 to 1.", "threshold");
        }

        if (target.TargetAccuracy is { } accuracy)
        {
            if (!(accuracy is > 0 and <= 1))
            {
                throw Invalid($"targetAccuracy is {accuracy}; it is a share above 0, up to 1.", "targetAccuracy");
            }

            var curve = evaluator.RiskCoverage(spec, "validation");
            var point = RiskCoverage.ForAccuracy(curve, accuracy)
                ?? throw Invalid($"No threshold reaches an accuracy of {accuracy:P2} on validation; the most confident rows alone reach {curve[0].Accuracy:P2}.", "targetAccuracy");
            return (float)point.Threshold;
        }

        if (target.TargetCoverage is { } coverage)
        {
            return coverage is > 0 and <= 1
                ? (float)RiskCoverage.ForCoverage(evaluator.RiskCoverage(spec, "validation"), coverage).Threshold
                : throw Invalid($"targetCoverage is {coverage}; it is a share above 0, up to 1.", "targetCoverage");
        }

        return null;
    }

    private static RefusalException Invalid(string message, string field) => new(RefusalKind.Invalid, message, field);
}
