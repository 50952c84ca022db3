using Ensemble.Training.Models;

namespace Ensemble.Training.Tests.Models;

public class ArchitecturesTests
{
    [Theory]
    [InlineData("residual", 289_322, 45.4)]
    [InlineData("separable", 39_347, 10.8)]
    [InlineData("vgg", 131_178, 29.4)]
    [InlineData("mlp", 235_146, 0.5)]
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
        var error = Assert.Throws<ArgumentException>(() => Architectures.Create("transformer", seed: 1));

        Assert.Contains("residual", error.Message);
        Assert.Contains("separable", error.Message);
        Assert.Contains("vgg", error.Message);
    }

    [Theory]
    [InlineData("residual")]
    [InlineData("separable")]
    [InlineData("vgg")]
    [InlineData("mlp")]
    public void WidthMultiplier_ScalesTheHiddenLayers(string name)
    {
        var narrow = Architectures.Create(name, seed: 1, width: 0.5f);
        var normal = Architectures.Create(name, seed: 1);
        var wide = Architectures.Create(name, seed: 1, width: 1.5f);

        // At least linear in the width (the MLP's first layer keeps its 784 inputs); quadratic for the convolutions.
        Assert.True(narrow.ParameterCount < normal.ParameterCount * 0.6, $"{narrow.ParameterCount} vs {normal.ParameterCount}");
        Assert.True(wide.ParameterCount > normal.ParameterCount * 1.4, $"{wide.ParameterCount} vs {normal.ParameterCount}");
        Assert.Equal(normal.Classes, wide.Classes);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(5f)]
    [InlineData(float.NaN)]
    public void WidthMultiplier_OutOfRange_IsRefused(float width) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Architectures.Create("vgg", seed: 1, width));
}
