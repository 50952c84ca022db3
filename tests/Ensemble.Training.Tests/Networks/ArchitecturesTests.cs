using Ensemble.Training.Layers;
using Ensemble.Training.Networks;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Networks;

public class ArchitecturesTests
{
    [Theory]
    [InlineData("residual", 289_322, 45.4)]
    [InlineData("separable", 39_347, 10.8)]
    [InlineData("vgg", 131_178, 29.4)]
    [InlineData("mlp", 235_146, 0.5)]
    [InlineData("largekernel", 279_914, 44.3)]
    [InlineData("isotropic", 122_010, 46.4)]
    public void Presets_HaveThePublishedParameterCountAndFlops(string name, long parameters, double megaFlops)
    {
        var network = CommittedTasks.FashionNetwork(name, seed: 1);

        Assert.Equal(parameters, network.ParameterCount);
        Assert.Equal(megaFlops, Math.Round(network.Flops / 1e6, 1));
        Assert.Contains($"{parameters:N0} parameters", network.Summary);
    }

    [Fact]
    public void Create_WithSameSeed_GivesIdenticalWeights()
    {
        var a = CommittedTasks.FashionNetwork("residual", seed: 3);
        var b = CommittedTasks.FashionNetwork("residual", seed: 3);
        var c = CommittedTasks.FashionNetwork("residual", seed: 4);

        Assert.True(a.Parameters.Zip(b.Parameters).All(p => p.First.Value.AsSpan().SequenceEqual(p.Second.Value)));
        Assert.False(a.Parameters.Zip(c.Parameters).All(p => p.First.Value.AsSpan().SequenceEqual(p.Second.Value)));
    }

    [Fact]
    public void Create_UnknownName_SaysWhichOnesExist()
    {
        var error = Assert.Throws<ArgumentException>(() => CommittedTasks.FashionNetwork("transformer", seed: 1));

        Assert.Contains("residual", error.Message);
        Assert.Contains("separable", error.Message);
        Assert.Contains("vgg", error.Message);
    }

    [Theory]
    [InlineData("residual")]
    [InlineData("separable")]
    [InlineData("vgg")]
    [InlineData("mlp")]
    [InlineData("largekernel")]
    [InlineData("isotropic")]
    public void WidthMultiplier_ScalesTheHiddenLayers(string name)
    {
        var narrow = CommittedTasks.FashionNetwork(name, seed: 1, width: 0.5f);
        var normal = CommittedTasks.FashionNetwork(name, seed: 1);
        var wide = CommittedTasks.FashionNetwork(name, seed: 1, width: 1.5f);

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
        Assert.Throws<ArgumentOutOfRangeException>(() => CommittedTasks.FashionNetwork("vgg", seed: 1, width));

    [Theory]
    [InlineData("residual")]
    [InlineData("separable")]
    [InlineData("vgg")]
    [InlineData("mlp")]
    [InlineData("largekernel")]
    [InlineData("isotropic")]
    public void Presets_BuildForTheTasksInputAndClasses(string name)
    {
        var colour = Architectures.Create(name, seed: 1, width: 1f, new TensorShape(3, 32, 32), classes: 100);
        var digits = Architectures.Create(name, seed: 1, width: 1f, CommittedTasks.Digits);

        Assert.Equal(new TensorShape(3, 32, 32), colour.InputShape);
        Assert.Equal(100, colour.Classes);
        Assert.Equal(new TensorShape(1, 8, 8), digits.InputShape);
        Assert.Equal(CommittedTasks.Digits.Classes.Count, digits.Classes);
        var probabilities = colour.Predict(new Tensor(colour.InputShape, batch: 2));
        Assert.Equal(2 * 100, probabilities.Span.Length);
    }

    [Theory]
    [InlineData("residual")]
    [InlineData("separable")]
    [InlineData("vgg")]
    [InlineData("largekernel")]
    public void ConvolutionalPresets_RefuseAnInputTheirTwoHalvingsCannotFit(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Architectures.Create(name, seed: 1, width: 1f, new TensorShape(1, 4, 4), classes: 3));

        Assert.Contains($"The {name} preset halves its input twice, so a 4×4 input leaves 1×1", error.Message);
        Assert.Contains("mlp", error.Message);
        Assert.Null(Architectures.WhyNotFit("mlp", new TensorShape(1, 4, 4)));
        Assert.Null(Architectures.WhyNotFit(name, new TensorShape(1, 8, 8)));
    }

    [Fact]
    public void IsotropicPreset_KeepsOneResolution_AndRefusesAnInputWithoutAWholePatch()
    {
        var network = CommittedTasks.FashionNetwork("isotropic", seed: 1);
        var error = Assert.Throws<ArgumentException>(() => Architectures.Create("isotropic", seed: 1, width: 1f, new TensorShape(1, 1, 5), classes: 3));

        // Every layer between the patch embedding and the pool works on the 14×14 grid of 2×2 patches.
        var layers = network.Body.Layers;
        Assert.IsType<GlobalAveragePool2D>(layers[^2]);
        Assert.All(layers.Take(layers.Count - 2), layer => Assert.Equal(new TensorShape(80, 14, 14), layer.OutputShape));
        Assert.Contains("The isotropic preset cuts its input into 2×2 patches, so a 1×5 input has none", error.Message);
        Assert.Null(Architectures.WhyNotFit("isotropic", new TensorShape(1, 2, 2)));
    }
}
