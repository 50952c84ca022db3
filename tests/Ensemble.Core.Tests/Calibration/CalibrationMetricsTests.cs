using Ensemble.Core.Calibration;

namespace Ensemble.Core.Tests.Calibration;

public class CalibrationMetricsTests
{
    // Confidences 0.95 (right), 0.85 (wrong), 0.72 (right), 0.55 (right): away from every bin edge.
    private static readonly float[] Probabilities = [0.95f, 0.05f, 0.85f, 0.15f, 0.28f, 0.72f, 0.55f, 0.45f];
    private static readonly int[] Labels = [0, 1, 1, 0];

    [Fact]
    public void Measure_MatchesHandWorkedValues_InFiveBins()
    {
        var report = CalibrationMetrics.Measure(Probabilities, Labels, classes: 2, bins: 5);

        Assert.Equal(0.75, report.Accuracy, 12);
        // −(ln 0.95 + ln 0.15 + ln 0.72 + ln 0.55) / 4
        Assert.Equal(0.7186885867502721, report.LogLoss, 6);
        // (0.005 + 1.445 + 0.1568 + 0.405) / 4
        Assert.Equal(0.50295, report.Brier, 6);
        // (0.8, 1]: 2 rows, confidence 0.9, accuracy 0.5; (0.6, 0.8]: 0.72 vs 1; (0.4, 0.6]: 0.55 vs 1.
        Assert.Equal(2.0 / 4 * 0.4 + 1.0 / 4 * 0.28 + 1.0 / 4 * 0.45, report.Ece, 6);
        Assert.Equal([0, 0, 1, 1, 2], report.Bins.Select(b => b.Count));
        Assert.Equal(0.9, report.Bins[4].Confidence, 6);
        Assert.Equal(0.5, report.Bins[4].Accuracy, 12);
        Assert.Equal(0.8, report.Bins[4].Lower, 12);
    }

    [Fact]
    public void Measure_HasFifteenBinsByDefault_AndAPerfectlyCalibratedSetScoresNearZero()
    {
        // 1,000 rows at confidence 0.7 of which exactly 700 are right: calibrated by construction.
        var probabilities = new float[2000];
        var labels = new int[1000];
        for (var r = 0; r < 1000; r++)
        {
            probabilities[2 * r] = 0.7f;
            probabilities[2 * r + 1] = 0.3f;
            labels[r] = r < 700 ? 0 : 1;
        }

        var report = CalibrationMetrics.Measure(probabilities, labels, classes: 2);

        Assert.Equal(15, report.Bins.Count);
        Assert.Equal(0, report.Ece, 6);
        Assert.Equal(1000, report.Bins.Single(b => b.Count > 0).Count);
    }

    [Fact]
    public void Measure_RefusesRowsThatDoNotFit_AndLabelsOutsideTheClasses()
    {
        Assert.Throws<ArgumentException>(() => CalibrationMetrics.Measure(Probabilities.AsSpan(0, 7), Labels, classes: 2));
        Assert.Throws<ArgumentException>(() => CalibrationMetrics.Measure(Probabilities, [0, 1, 2, 0], classes: 2));
    }
}
