using Ensemble.Core.Hyperparameters;
using Ensemble.Training.Optimizers;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tests.Hyperparameters;

public class SearchSpaceTests
{
    private static readonly SearchSpace Rich = new()
    {
        Optimizers = [OptimizerKind.AdamW, OptimizerKind.Sgd, OptimizerKind.RmsProp],
        BatchSizes = [32, 64, 128],
        LabelSmoothingMin = 0,
        LabelSmoothingMax = 0.2,
        RandomErasingMin = 0.1,
        RandomErasingMax = 0.6,
        CutMixMin = 0.2,
        CutMixMax = 0.8,
    };

    [Fact]
    public void EveryDrawnConfiguration_StaysInTheSpace_AndErasesAndCutMixesOnlyWithAugmentation()
    {
        var drawn = Enumerable.Range(1, 300).Select(i =>
        {
            var random = SplitMix64.ForStream(4, stream: 11, index: i);
            return Rich.Sample(ref random);
        }).ToList();

        Assert.All(drawn, c =>
        {
            Assert.Contains(c.Architecture, Rich.Architectures);
            Assert.InRange(c.LearningRate, 3e-4f, 1e-2f);
            Assert.InRange(c.Width, 0.5f, 1.5f);
            Assert.Contains(c.Optimizer, Rich.Optimizers);
            Assert.Contains(c.BatchSize!.Value, Rich.BatchSizes!);
            Assert.InRange(c.LabelSmoothing, 0f, 0.2f);
            Assert.Equal(c.Augment, c.RandomErasing > 0);
            Assert.Equal(c.Augment, c.CutMix > 0);
            Assert.True(!c.Augment || c.CutMix is >= 0.2f and <= 0.8f, $"CutMix {c.CutMix}");
        });
        Assert.Equal(3, drawn.Select(c => c.Optimizer).Distinct().Count());
        Assert.Equal(3, drawn.Select(c => c.BatchSize).Distinct().Count());
        // Log-uniform: as many learning rates below the geometric middle (1.7e-3) as above it.
        Assert.InRange(drawn.Count(c => c.LearningRate < Math.Sqrt(3e-4 * 1e-2)), 120, 180);
    }

    [Fact]
    public void EncodeThenDecode_GivesTheConfigurationBack()
    {
        var dimensions = Rich.Dimensions(64);
        var random = SplitMix64.ForStream(9, stream: 11, index: 1);
        for (var i = 0; i < 50; i++)
        {
            var configuration = Rich.Sample(ref random);

            var again = Rich.Decode(dimensions, Rich.Encode(dimensions, configuration, 64));

            Assert.Equal(configuration with { LearningRate = 0, WeightDecay = 0 }, again with { LearningRate = 0, WeightDecay = 0 });
            Assert.Equal(configuration.LearningRate, again.LearningRate, 1e-6f);
            Assert.Equal(configuration.WeightDecay, again.WeightDecay, 1e-9f);
        }
    }

    [Fact]
    public void TheDefaultSpace_FixesTheNewDimensions_AsSearchesBeforeThemTrained()
    {
        var dimensions = new SearchSpace().Dimensions(64);

        Assert.Equal(
            [SearchSpace.Optimizer, SearchSpace.BatchSize, SearchSpace.LabelSmoothing, SearchSpace.RandomErasing, SearchSpace.CutMix],
            dimensions.Where(d => d.IsFixed).Select(d => d.Name));
        var random = SplitMix64.ForStream(1, stream: 11, index: 1);
        var configuration = new SearchSpace().Sample(ref random);
        Assert.Equal((OptimizerKind.AdamW, (int?)null, 0f, 0f, 0f), (configuration.Optimizer, configuration.BatchSize, configuration.LabelSmoothing, configuration.RandomErasing, configuration.CutMix));
    }

    [Theory]
    [InlineData("""{"optimizers":[]}""")]
    [InlineData("""{"batchSizes":[0]}""")]
    [InlineData("""{"labelSmoothingMax":1}""")]
    [InlineData("""{"randomErasingMin":0.5,"randomErasingMax":0.2}""")]
    [InlineData("""{"cutMixMax":1.5}""")]
    [InlineData("""{"augment":[true,true]}""")]
    public void ABadSpace_SaysWhy(string json)
    {
        var space = System.Text.Json.JsonSerializer.Deserialize<SearchSpace>(json, Training.Fitting.TrainingJson.Options)!;

        Assert.NotNull(space.Problem());
    }
}
