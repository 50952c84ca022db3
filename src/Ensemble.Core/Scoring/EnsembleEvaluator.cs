using Ensemble.Core.Calibration;
using Ensemble.Core.Ensembling;

namespace Ensemble.Core.Scoring;

/// <summary>
/// Scores any weighting of loaded models on the validation or test split from the cached probabilities, in
/// microseconds, and judges a version as served (temperatures included): its calibration and its risk–coverage curve.
/// </summary>
public sealed class EnsembleEvaluator(MemberProbabilityCache cache)
{
    public Score Evaluate(IReadOnlyList<string> members, ReadOnlySpan<float> weights, string split) =>
        new MixtureScorer(cache.Table(members, split)).Evaluate(weights);

    /// <summary>The version's accuracy and log-loss as it serves, temperatures included.</summary>
    public Score Evaluate(EnsembleSpec spec, string split)
    {
        if (!spec.IsTempered)
        {
            return Evaluate([.. spec.Members.Select(m => m.Model)], [.. spec.Members.Select(m => m.Weight)], split);
        }

        var report = Calibration(spec, split);
        return new Score(report.Accuracy, report.LogLoss);
    }

    /// <summary>What the version serves for every row of the split (rows × classes), with the rows' labels.</summary>
    public (float[] Probabilities, int[] Labels, int Classes) Served(EnsembleSpec spec, string split)
    {
        var table = cache.Table([.. spec.Members.Select(m => m.Model)], split);
        if (spec.Members.Any(m => m.Temperature != 1f))
        {
            table = table.Tempered([.. spec.Members.Select(m => m.Temperature)]);
        }

        var mixture = table.Mix([.. spec.Members.Select((_, i) => spec.WeightOf(i))]);
        TemperatureScaling.Apply(mixture, table.Classes, spec.Temperature, mixture);
        return (mixture, table.Labels, table.Classes);
    }

    /// <summary>Accuracy, log-loss, Brier, ECE and the reliability bins of the version as it serves.</summary>
    public CalibrationReport Calibration(EnsembleSpec spec, string split)
    {
        var (probabilities, labels, classes) = Served(spec, split);
        return CalibrationMetrics.Measure(probabilities, labels, classes);
    }

    /// <summary>The same for one member model as it is.</summary>
    public CalibrationReport Calibration(string model, string split)
    {
        var table = cache.Table([model], split);
        return CalibrationMetrics.Measure(table.MemberProbabilities(0), table.Labels, table.Classes);
    }

    /// <summary>Everything the calibration page and route show of a version: see <see cref="EnsembleCalibrationReport"/>.</summary>
    public EnsembleCalibrationReport Report(EnsembleSpec spec) => new(
        spec.Name, spec.Version, spec.Task, spec.Temperature, spec.AbstainBelow,
        Calibration(spec, "validation"), Calibration(spec, "test"),
        RiskCoverage(spec, "validation"), RiskCoverage(spec, "test"),
        [.. spec.Members.Select(m => new MemberCalibrationReport(m.Model, m.Temperature, Calibration(m.Model, "validation"), Calibration(m.Model, "test")))]);

    /// <summary>What a threshold does to the version on the split: the share it answers and their accuracy.</summary>
    public CoveragePoint AtThreshold(EnsembleSpec spec, string split, double threshold)
    {
        var (probabilities, labels, classes) = Served(spec, split);
        return Core.Calibration.RiskCoverage.At(probabilities, labels, classes, threshold);
    }

    /// <summary>The version's risk–coverage curve on the split: accuracy on the rows it would answer, per confidence threshold.</summary>
    public IReadOnlyList<CoveragePoint> RiskCoverage(EnsembleSpec spec, string split)
    {
        var (probabilities, labels, classes) = Served(spec, split);
        return Core.Calibration.RiskCoverage.Curve(probabilities, labels, classes);
    }

    /// <summary>The best single model among <paramref name="members"/> on validation, with its validation and test scores.</summary>
    public (string Model, Score Validation, Score Test) BestSingle(IReadOnlyList<string> members)
    {
        var scored = members.Select(m => (Model: m, Validation: Evaluate([m], [1f], "validation"))).ToList();
        var best = scored.Aggregate((a, b) => b.Validation.IsBetterThan(a.Validation, Objective.Accuracy) ? b : a);
        return (best.Model, best.Validation, Evaluate([best.Model], [1f], "test"));
    }
}
