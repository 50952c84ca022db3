using Ensemble.Core.Tuning;

namespace Ensemble.Core.Tests.Tuning;

public class DirichletSamplerTests
{
    [Fact]
    public void Sample_SameSeed_GivesTheSameSequence_OtherSeedsDiffer()
    {
        Assert.Equal(Draw(seed: 5, alpha: 1), Draw(seed: 5, alpha: 1));
        Assert.NotEqual(Draw(seed: 5, alpha: 1), Draw(seed: 6, alpha: 1));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    [InlineData(4.0)]
    public void Sample_LiesOnTheSimplex_WithMeanOneOverMembers(double alpha)
    {
        var sampler = new DirichletSampler(alpha, seed: 1);
        var weights = new float[4];
        var sums = new double[4];
        const int draws = 20_000;
        for (var i = 0; i < draws; i++)
        {
            sampler.Sample(weights);
            Assert.All(weights, w => Assert.True(w >= 0f));
            Assert.Equal(1.0, weights.Sum(), 1e-5);
            for (var m = 0; m < 4; m++)
            {
                sums[m] += weights[m];
            }
        }

        Assert.All(sums, s => Assert.Equal(0.25, s / draws, 0.01));
    }

    [Fact]
    public void SmallAlpha_FavoursSparseMixtures_LargeAlphaEvenOnes()
    {
        static double DominantShare(double alpha)
        {
            var sampler = new DirichletSampler(alpha, seed: 2);
            var weights = new float[3];
            var dominant = 0;
            for (var i = 0; i < 5_000; i++)
            {
                sampler.Sample(weights);
                dominant += weights.Max() > 0.9f ? 1 : 0;
            }

            return dominant / 5_000.0;
        }

        Assert.True(DominantShare(0.1) > 0.5);
        Assert.True(DominantShare(10) < 0.01);
    }

    private static float[] Draw(int seed, double alpha)
    {
        var sampler = new DirichletSampler(alpha, seed);
        var all = new List<float>();
        var weights = new float[3];
        for (var i = 0; i < 10; i++)
        {
            sampler.Sample(weights);
            all.AddRange(weights);
        }

        return [.. all];
    }
}
