using Ensemble.Core.Ensembling;

namespace Ensemble.Core.Tests.Ensembling;

public class CombinerTests
{
    [Fact]
    public void WeightedAverage_EqualsManualMixture()
    {
        float[] members = [0.1f, 0.9f, 0.5f, 0.5f, 1f, 0f];
        float[] weights = [0.5f, 0.25f, 0.25f];
        var result = new float[2];

        Combiner.WeightedAverage(members, weights, result);

        Assert.Equal(0.5f * 0.1f + 0.25f * 0.5f + 0.25f * 1f, result[0], 1e-7f);
        Assert.Equal(0.5f * 0.9f + 0.25f * 0.5f + 0.25f * 0f, result[1], 1e-7f);
    }

    [Fact]
    public void Normalize_ScalesToOne_AndRejectsBadWeights()
    {
        Assert.Equal([0.25f, 0.75f], Combiner.Normalize([1, 3]));
        Assert.Throws<ArgumentException>(() => Combiner.Normalize([1, -1]));
        Assert.Throws<ArgumentException>(() => Combiner.Normalize([0, 0]));
        Assert.Throws<ArgumentException>(() => Combiner.Normalize([double.NaN, 1]));
        Assert.Throws<ArgumentException>(() => Combiner.Normalize([]));
    }
}
