using Ensemble.Core.Hyperparameters;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tests.Hyperparameters;

public class HalvingScheduleTests
{
    [Fact]
    public void SuccessiveHalving_KeepsATrialOutOfEta_AndMultipliesTheEpochsByEta()
    {
        var bracket = Assert.Single(HalvingSchedule.Brackets(new SearchBudget { Trials = 27, MinEpochs = 1, MaxEpochs = 27, Eta = 3 }));

        Assert.Equal([new Rung(27, 1), new Rung(9, 3), new Rung(3, 9), new Rung(1, 27)], bracket.Rungs);
    }

    [Fact]
    public void SuccessiveHalving_EndsAtTheMaximum_WhenEtaDoesNotDivideIt_AndAlwaysKeepsOne()
    {
        var bracket = Assert.Single(HalvingSchedule.Brackets(new SearchBudget { Trials = 2, MinEpochs = 2, MaxEpochs = 10, Eta = 2 }));

        Assert.Equal([new Rung(2, 2), new Rung(1, 4), new Rung(1, 10)], bracket.Rungs);
    }

    [Fact]
    public void Full_TrainsEveryTrialToTheMaximum()
    {
        var bracket = Assert.Single(HalvingSchedule.Brackets(new SearchBudget { Mode = SearchMode.Full, Trials = 6, MinEpochs = 1, MaxEpochs = 4 }));

        Assert.Equal([new Rung(6, 4)], bracket.Rungs);
    }

    [Fact]
    public void Hyperband_RunsBracketsFromAggressiveToNone()
    {
        var brackets = HalvingSchedule.Brackets(new SearchBudget { Mode = SearchMode.Hyperband, MinEpochs = 1, MaxEpochs = 9, Eta = 3 });

        // Li et al.'s table for R = 9, η = 3: s = 2, 1, 0.
        Assert.Equal(3, brackets.Count);
        Assert.Equal([new Rung(9, 1), new Rung(3, 3), new Rung(1, 9)], brackets[0].Rungs);
        Assert.Equal([new Rung(5, 3), new Rung(1, 9)], brackets[1].Rungs);
        Assert.Equal([new Rung(3, 9)], brackets[2].Rungs);
        Assert.Equal(9 * 1 + 3 * 2 + 1 * 6 + 5 * 3 + 1 * 6 + 3 * 9, HalvingSchedule.PlannedEpochs(brackets));
    }

    [Theory]
    [InlineData("""{"trials":0}""")]
    [InlineData("""{"eta":1}""")]
    [InlineData("""{"minEpochs":3,"maxEpochs":2}""")]
    [InlineData("""{"trainImages":10}""")]
    [InlineData("""{"validationImages":20000000}""")]
    [InlineData("""{"trials":243,"minEpochs":50,"maxEpochs":100,"eta":2}""")]
    public void Problem_NamesWhatIsWrongWithABudget(string json)
    {
        var budget = System.Text.Json.JsonSerializer.Deserialize<SearchBudget>(json, Ensemble.Training.Fitting.TrainingJson.Options)!;

        Assert.NotNull(budget.Problem());
    }

    [Fact]
    public void Space_SamplesWithinItsRanges_AndUsesEveryChoice()
    {
        var space = new SearchSpace { Architectures = ["vgg", "mlp"], LearningRateMin = 1e-4, LearningRateMax = 1e-2, WidthMin = 0.5, WidthMax = 1.0 };
        var random = SplitMix64.ForStream(1, stream: 11);
        var samples = Enumerable.Range(0, 400).Select(_ => space.Sample(ref random)).ToList();

        Assert.Null(space.Problem());
        Assert.All(samples, s => Assert.InRange(s.LearningRate, 1e-4f, 1e-2f));
        Assert.All(samples, s => Assert.InRange(s.Width, 0.5f, 1.0f));
        Assert.Equal(["mlp", "vgg"], samples.Select(s => s.Architecture).Distinct().Order());
        Assert.Equal([false, true], samples.Select(s => s.Augment).Distinct().Order());
        // Log-uniform: about half the draws fall below the geometric midpoint 1e-3.
        Assert.InRange(samples.Count(s => s.LearningRate < 1e-3f), 160, 240);
        Assert.NotNull(new SearchSpace { Architectures = ["lenet"] }.Problem());
    }
}
