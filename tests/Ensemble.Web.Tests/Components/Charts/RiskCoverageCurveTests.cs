using Bunit;
using Ensemble.Core.Calibration;
using Ensemble.Web.Components.Charts;

namespace Ensemble.Web.Tests.Components.Charts;

public sealed class RiskCoverageCurveTests : BunitContext
{
    private static readonly CoveragePoint[] Curve = [new(0.99, 0.25, 1.0), new(0.9, 0.5, 0.98), new(0.7, 0.75, 0.96), new(0.4, 1.0, 0.93)];

    [Fact]
    public void Curves_ForBothSplits_AndTheThresholdMarkedWhereItAnswersMost()
    {
        var chart = Render<RiskCoverageCurve>(p => p.Add(c => c.Validation, Curve).Add(c => c.Test, Curve[..3]).Add(c => c.Threshold, 0.8f));

        Assert.Equal(2, chart.FindAll("polyline").Count);
        Assert.Equal(4, chart.FindAll("polyline")[0].GetAttribute("points")!.Split(' ').Length);
        Assert.Equal("7", chart.Find("[data-testid=risk-coverage]").GetAttribute("data-points"));
        // At 0.8 the validation curve answers the rows of confidence 0.99 and 0.9: half of them.
        Assert.Contains("answers 50.0 %", chart.Find("[data-testid=threshold-marker] title").TextContent);
    }

    [Fact]
    public void NoThreshold_NoMarker() =>
        Assert.Empty(Render<RiskCoverageCurve>(p => p.Add(c => c.Validation, Curve).Add(c => c.Test, Curve)).FindAll("[data-testid=threshold-marker]"));
}
