using Ensemble.Core.Hyperparameters.Sampling;
using Ensemble.Core.Searches.Analysis;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tests.Searches.Analysis;

/// <summary>Importance on synthetic objectives where which dimension decides the score is known.</summary>
public class ImportanceTests
{
    private static readonly Dimension[] Space =
    [
        Dimension.Numeric("decisive", 0, 1, log: false),
        Dimension.Numeric("irrelevant", 0, 1, log: false),
        Dimension.Categorical("noise", ["a", "b", "c"]),
        Dimension.Categorical("choice", ["x", "y", "z", "w"]),
    ];

    [Fact]
    public void ANumberThatDecidesTheScore_RanksAboveOnesThatDoNot()
    {
        var importance = Importance(p => Math.Sin(3 * p[0]) + 0.01 * Noise(p), seed: 1);

        Assert.Equal("decisive", importance.MaxBy(i => i.Importance)!.Name);
        Assert.True(importance[0].Importance > 0.8, $"{importance[0].Importance:F3}");
        Assert.Equal(1.0, importance.Sum(i => i.Importance), 9);
    }

    [Fact]
    public void AChoiceThatDecidesTheScore_RanksFirst_SummedOverItsOneHotColumns()
    {
        var importance = Importance(p => (int)p[3] == 2 ? 1 : 0.2 * p[1], seed: 2);

        Assert.Equal("choice", importance.MaxBy(i => i.Importance)!.Name);
        Assert.True(importance.Single(i => i.Name == "choice").Importance > 2 * importance.Single(i => i.Name == "irrelevant").Importance);
        Assert.True(importance.Single(i => i.Name == "noise").Importance < 0.1);
    }

    [Fact]
    public void TheSameData_GiveTheSameImportance() =>
        Assert.Equal(Importance(p => p[0] + p[1], seed: 3), Importance(p => p[0] + p[1], seed: 3));

    private static List<DimensionImportance> Importance(Func<double[], double> objective, int seed)
    {
        var observations = Enumerable.Range(1, 60).Select(i =>
        {
            var random = SplitMix64.ForStream(seed, stream: 5, index: i);
            var point = RandomSampler.Draw(Space, ref random);
            return new Observation(point, 1, objective(point));
        }).ToList();
        return [.. SearchAnalyzer.Importance(Space, [0, 1, 2, 3], observations)];
    }

    // A deterministic wiggle of the point, as measurement noise.
    private static double Noise(double[] p) => Math.Sin(1000 * p[1]) + Math.Cos(777 * p[0]);
}
