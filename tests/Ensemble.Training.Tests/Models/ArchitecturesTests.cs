using Ensemble.Training.Models;

namespace Ensemble.Training.Tests.Models;

public class ArchitecturesTests
{
    [Theory]
    [InlineData("residual", 289_322, 45.4)]
    [InlineData("separable", 39_347, 10.8)]
    public void Presets_HaveThePublishedParameterCountAndFlops(string name, long parameters, double megaFlops)
    {
        var network = Architectures.Create(name, seed: 1);

        Assert.Equal(parameters, network.ParameterCount);
        Assert.Equal(megaFlops, Math.Round(network.Flops / 1e6, 1));
        Assert.Contains($"{parameters:N0} parameters", network.Summary);
    }

    [Fact]
    public void Create_WithSameSeed_GivesIdenticalWeights()
    {
        var a = Architectures.Create("residual", seed: 3);
        var b = Architectures.Create("residual", seed: 3);
        var c = Architectures.Create("residual", seed: 4);

        Assert.True(a.Parameters.Zip(b.Parameters).All(p => p.First.Value.AsSpan().SequenceEqual(p.Second.Value)));
        Assert.False(a.Parameters.Zip(c.Parameters).All(p => p.First.Value.AsSpan().SequenceEqual(p.Second.Value)));
    }

    [Fact]
    public void Create_UnknownName_SaysWhichOnesExist()
    {
        var error = Assert.Throws<ArgumentException>(() => Architectures.Create("vgg", seed: 1));

        Assert.Contains("residual", error.Message);
        Assert.Contains("separable", error.Message);
    }
}
