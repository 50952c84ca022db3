using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tests.Scoring;

public class WeightVectorsTests
{
    [Fact]
    public void Pruned_ZeroesSharesUnderATenthOfAPercent_AndRenormalizesTheRest()
    {
        // 0.0008 of a total of 1 is under the 0.001 floor; 0.0012 is not. What is left sums to 0.9992.
        var pruned = WeightVectors.Pruned([0.5f, 0.2980f, 0.0012f, 0.0008f, 0.2f]);

        Assert.Equal([0.5f / 0.9992f, 0.2980f / 0.9992f, 0.0012f / 0.9992f, 0f, 0.2f / 0.9992f], pruned);
    }

    [Fact]
    public void Pruned_MeasuresTheFloorAgainstTheTotal_NotAgainstOne()
    {
        // Unnormalized weights: 0.03 is 0.0015 of the total of 20, kept; 0.01 is 0.0005 of it, dropped.
        var pruned = WeightVectors.Pruned([12f, 7.96f, 0.03f, 0.01f]);

        Assert.Equal(0f, pruned[3]);
        Assert.True(pruned[2] > 0);
        Assert.Equal(1f, pruned.Sum(), 1e-6);
    }

    [Fact]
    public void Pruned_ReturnsWeightsUntouched_WhenNoneIsNegligible()
    {
        float[] weights = [0.7f, 0.3f, 0f];

        Assert.Same(weights, WeightVectors.Pruned(weights));
    }

    [Fact]
    public void Pruned_KeepsTheLargestWeight_EvenWhenEveryShareIsUnderTheFloor()
    {
        var weights = Enumerable.Repeat(1f, 2_000).ToArray();
        weights[7] = 1.5f;

        var pruned = WeightVectors.Pruned(weights);

        Assert.Equal(1f, pruned[7]);
        Assert.Equal(1f, pruned.Sum());
    }
}
