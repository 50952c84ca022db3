using Bunit;
using Ensemble.Core.Calibration;
using Ensemble.Web.Components.Charts;

namespace Ensemble.Web.Tests.Components.Charts;

public sealed class ReliabilityDiagramTests : BunitContext
{
    [Fact]
    public void Bars_OnePerFilledBin_TheGapShaded_AndTheEceOfTheBins()
    {
        ReliabilityBin[] bins = [new(0.0, 0.5, 0, 0, 0), new(0.5, 0.75, 2, 0.6, 0.5), new(0.75, 1.0, 6, 0.9, 1.0)];

        var chart = Render<ReliabilityDiagram>(p => p.Add(c => c.Bins, bins).Add(c => c.Before, [new ReliabilityBin(0.75, 1.0, 8, 0.95, 0.875)]));

        var svg = chart.Find("[data-testid=reliability]");
        Assert.Equal("2", svg.GetAttribute("data-bins"));
        // 2/8 · |0.5 − 0.6| + 6/8 · |1.0 − 0.9| = 0.1
        Assert.Equal("0.1000", svg.GetAttribute("data-ece"));
        Assert.Equal(2 * 2 + 1, chart.FindAll("rect").Count);
        Assert.Single(chart.FindAll("[data-testid=before-bin]"));
        Assert.Contains("accuracy 100.0 %", chart.FindAll("rect title").Last(t => !t.TextContent.StartsWith("before", StringComparison.Ordinal)).TextContent);
    }
}
