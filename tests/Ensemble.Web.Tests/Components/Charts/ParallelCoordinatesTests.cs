using Bunit;
using Ensemble.Core.Searches.Analysis;
using Ensemble.Web.Components.Charts;

namespace Ensemble.Web.Tests.Components.Charts;

public sealed class ParallelCoordinatesTests : BunitContext
{
    private static readonly SearchAnalysis Analysis = new(
        History: [new(1, 1, 0.5, 0.5), new(2, 1, 0.9, 0.9), new(3, 1, 0.7, 0.9)],
        Trials: [1, 2, 3],
        Scores: [0.5, 0.9, 0.7],
        Dimensions:
        [
            new DimensionValues("learningRate", "LogUniform", [], 1e-4, 1e-2, [1e-4, 1e-3, 1e-2]),
            new DimensionValues("optimizer", "Categorical", ["AdamW", "Sgd"], 0, 1, [0, 1, 1]),
            new DimensionValues("randomErasing", "Uniform", [], 0, 0.5, [0.25, null, 0.5]),
        ],
        Importance: [new("learningRate", 0.7), new("optimizer", 0.2), new("randomErasing", 0.1)],
        ImportanceMethod: "test",
        ImportanceEpochs: 1,
        ImportanceTrials: 3);

    [Fact]
    public void ALinePerTrial_ThroughAnAxisPerDimensionAndTheScore_ThePoorestDrawnFirst()
    {
        var chart = Render<ParallelCoordinates>(p => p.Add(c => c.Analysis, Analysis));

        var lines = chart.FindAll("polyline");
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(4, l.GetAttribute("points")!.Split(' ').Length));
        // Drawn from the lowest score up, so the best lies on top.
        Assert.Equal(["trial 1: 50.00 %", "trial 3: 70.00 %", "trial 2: 90.00 %"], chart.FindAll("polyline title").Select(t => t.TextContent));
        // The log axis puts 1e-3 half-way between 1e-4 and 1e-2: the same height as the middle of the axis.
        var middle = double.Parse(lines[2].GetAttribute("points")!.Split(' ')[0].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((18 + 260) / 2.0, middle, 1);
        Assert.Contains("AdamW", chart.Markup);
    }

    [Fact]
    public void Importance_IsOrderedLargestFirst()
    {
        var bars = Render<ImportanceBars>(p => p.Add(c => c.Items, [new("a", 0.1), new("b", 0.6), new("c", 0.3)]));

        Assert.Equal(["b", "c", "a"], bars.FindAll("[data-testid=importance-row]").Select(r => r.GetAttribute("data-name")));
    }
}
