using Ensemble.Core.Hyperparameters.Sampling;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tests.Hyperparameters.Sampling;

/// <summary>The samplers on small objectives whose optimum is known, run as a search runs them: one proposal after another.</summary>
public class SamplerTests
{
    private static readonly Dimension[] OneD = [Dimension.Numeric("x", 0, 1, log: false)];

    // A quadratic with its peak at 0.3: the score a trial at x gets.
    private static double Quadratic(double[] point) => 1 - (point[0] - 0.3) * (point[0] - 0.3);

    [Theory]
    [InlineData(SamplerKind.Tpe, 0.5)]
    [InlineData(SamplerKind.Gp, 0.1)]
    public void ModelBasedProposals_ApproachTheOptimumOfAQuadratic_FarCloserThanRandomSearch(SamplerKind kind, double ratio)
    {
        // The median distance of the last 20 of 40 proposals to the peak, averaged over three seeds.
        double Closeness(Func<ISampler> sampler) =>
            new[] { 1, 2, 3 }.Average(seed => Median(Distances(Run(sampler(), OneD, Quadratic, trials: 40, seed)).Skip(20)));

        var model = Closeness(() => Create(kind));
        var random = Closeness(() => new RandomSampler());
        var best = Distances(Run(Create(kind), OneD, Quadratic, trials: 40, seed: 1)).Min();

        // TPE keeps a quarter of its proposals' mass on the prior, so it closes in less tightly than the GP.
        Assert.True(model < ratio * random, $"{kind}: {model:F4} against random {random:F4}");
        Assert.True(best < 0.01, $"closest: {best:F4}");
    }

    public static TheoryData<SamplerKind> EverySampler => [SamplerKind.Random, SamplerKind.Tpe, SamplerKind.Gp];

    [Theory]
    [MemberData(nameof(EverySampler))]
    public void TheSameSeedAndHistory_GiveTheSameProposals_BitForBit(SamplerKind kind)
    {
        var a = Run(Create(kind), Mixed, Objective, trials: 15, seed: 7);
        var b = Run(Create(kind), Mixed, Objective, trials: 15, seed: 7);
        var c = Run(Create(kind), Mixed, Objective, trials: 15, seed: 8);

        Assert.Equal(a.SelectMany(p => p).Select(BitConverter.DoubleToInt64Bits), b.SelectMany(p => p).Select(BitConverter.DoubleToInt64Bits));
        Assert.NotEqual(a.SelectMany(p => p), c.SelectMany(p => p));
    }

    [Theory]
    [MemberData(nameof(EverySampler))]
    public void FixedDimensionsKeepTheirValue_AndConditionalOnesAreActiveOnlyUnderTheirParent(SamplerKind kind)
    {
        var points = Run(Create(kind), Mixed, Objective, trials: 25, seed: 5);

        Assert.All(points, p => Assert.Equal(Math.Log(0.01), p[2], 12));
        Assert.All(points, p => Assert.Equal(0, p[4]));
        Assert.All(points, p => Assert.Equal(p[1] == 1, !double.IsNaN(p[3])));
        Assert.Contains(points, p => p[1] == 1);
        Assert.Contains(points, p => p[1] == 0);
        Assert.All(points.Where(p => p[1] == 1), p => Assert.InRange(p[3], 0.0, 0.5));
    }

    [Fact]
    public void Tpe_PrefersTheChoiceThatScored_AfterItsStartUpTrials()
    {
        Dimension[] choice = [Dimension.Categorical("c", ["a", "b", "c", "d"])];

        var points = Run(new TpeSampler(startupTrials: 8), choice, p => p[0] == 2 ? 1 : 0, trials: 40, seed: 11);

        Assert.True(points.Skip(8).Count(p => p[0] == 2) > 0.6 * 32, $"{points.Skip(8).Count(p => p[0] == 2)} of 32");
    }

    // A choice, a conditional number under choice 1, a fixed log number and a fixed choice, beside a free number.
    private static readonly Dimension[] Mixed =
    [
        Dimension.Numeric("x", 0, 1, log: false),
        Dimension.Categorical("mode", ["off", "on"]),
        Dimension.Numeric("fixed", 0.01, 0.01, log: true),
        Dimension.Numeric("strength", 0, 0.5, log: false) with { Parent = "mode", ParentChoice = 1 },
        Dimension.Categorical("single", ["only"]),
    ];

    private static double Objective(double[] p) => Quadratic(p) + (p[1] == 1 ? 0.2 - Math.Abs(p[3] - 0.25) : 0);

    private static ISampler Create(SamplerKind kind) => kind switch
    {
        SamplerKind.Tpe => new TpeSampler(startupTrials: 8),
        SamplerKind.Gp => new GpSampler(startupTrials: 5),
        _ => new RandomSampler(),
    };

    // Proposes one point at a time, each trial's random stream its own, as the search does.
    private static List<double[]> Run(ISampler sampler, IReadOnlyList<Dimension> dimensions, Func<double[], double> objective, int trials, int seed)
    {
        var observations = new List<Observation>();
        var points = new List<double[]>();
        for (var t = 1; t <= trials; t++)
        {
            var random = SplitMix64.ForStream(seed, stream: 11, index: t);
            var point = sampler.Propose(dimensions, observations, ref random);
            points.Add(point);
            observations.Add(new Observation(point, 1, objective(point)));
        }

        return points;
    }

    private static double[] Distances(List<double[]> points) => [.. points.Select(p => Math.Abs(p[0] - 0.3))];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}
