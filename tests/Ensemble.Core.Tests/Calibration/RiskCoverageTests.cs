using Ensemble.Core.Calibration;

namespace Ensemble.Core.Tests.Calibration;

public class RiskCoverageTests
{
    // Confidences 0.95 (right), 0.85 (wrong), 0.72 (right), 0.55 (right).
    private static readonly float[] Probabilities = [0.95f, 0.05f, 0.85f, 0.15f, 0.28f, 0.72f, 0.55f, 0.45f];
    private static readonly int[] Labels = [0, 1, 1, 0];

    [Fact]
    public void Curve_AnswersTheMostConfidentFirst_WithTheirAccuracy()
    {
        var curve = RiskCoverage.Curve(Probabilities, Labels, classes: 2);

        Assert.Equal([0.25, 0.5, 0.75, 1.0], curve.Select(p => p.Coverage));
        Assert.Equal([1.0, 0.5, 2.0 / 3, 0.75], curve.Select(p => Math.Round(p.Accuracy, 12)), new RoundedComparer());
        Assert.Equal(0.72f, (float)curve[2].Threshold);
    }

    [Fact]
    public void Thresholds_FromATargetAccuracyOrCoverage()
    {
        var curve = RiskCoverage.Curve(Probabilities, Labels, classes: 2);

        Assert.Equal(0.55f, (float)RiskCoverage.ForAccuracy(curve, 0.7)!.Threshold);
        Assert.Equal(0.95f, (float)RiskCoverage.ForAccuracy(curve, 0.9)!.Threshold);
        Assert.Null(RiskCoverage.ForAccuracy([curve[1]], 0.9));
        Assert.Equal(0.72f, (float)RiskCoverage.ForCoverage(curve, 0.6).Threshold);
        Assert.Equal(0.55f, (float)RiskCoverage.ForCoverage(curve, 1.0).Threshold);
    }

    [Fact]
    public void Curve_TiedConfidences_AreAnsweredTogether()
    {
        float[] tied = [0.8f, 0.2f, 0.8f, 0.2f, 0.6f, 0.4f];

        var curve = RiskCoverage.Curve(tied, [0, 1, 0], classes: 2);

        Assert.Equal([2.0 / 3, 1.0], curve.Select(p => p.Coverage));
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
