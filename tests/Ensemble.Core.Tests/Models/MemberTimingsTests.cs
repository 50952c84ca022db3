using Ensemble.Core.Ensembling;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ensemble.Core.Tests.Models;

public sealed class MemberTimingsTests : IDisposable
{
    private readonly ModelRegistry _registry;
    private readonly MemberTimings _timings;

    public MemberTimingsTests()
    {
        // The committed models, read in place; a pass times every one of them (a few seconds on 2 cores).
        var sessions = new OnnxSessionFactory(new InferenceOptions { ExecutionProvider = ExecutionProviderPreference.Cpu }, NullLogger<OnnxSessionFactory>.Instance);
        _registry = new ModelRegistry(RepositoryPaths.ModelsRepository, sessions, NullLogger<ModelRegistry>.Instance);
        _timings = new MemberTimings(_registry);
    }

    [Fact]
    public void EveryLoadedMember_IsTimedOnce_AtBatch1AndPerInputAtBatch32()
    {
        var digits = _registry.LoadedIn("digits").Select(m => m.Name).ToList();
        var passes = 0;
        _timings.Measured += () => passes++;

        Assert.All(digits, name => Assert.Null(_timings.Of(name)));
        _timings.TimeMissing(CancellationToken.None);
        var first = digits.ToDictionary(name => name, name => _timings.Of(name));
        _timings.TimeMissing(CancellationToken.None);

        Assert.NotEmpty(digits);
        Assert.All(first.Values, t => Assert.True(t is { Batch1: > 0 and < 1000, Batch32: > 0 and < 1000 }, $"{t}"));
        // The second pass found nothing new to time: the same figures, and no second notice.
        Assert.Equal(first, digits.ToDictionary(name => name, name => _timings.Of(name)));
        Assert.Equal(1, passes);
    }

    [Fact]
    public void AnEnsemblesTime_IsTheSumOverTheMembersItRuns_AndUnknownUntilAllAreTimed()
    {
        var spec = new EnsembleSpec("probe", 1, EnsembleMethod.WeightedAverage,
            [new EnsembleMember("digits-mlp", "", 1f), new EnsembleMember("digits-separable", "", 1f), new EnsembleMember("digits-residual", "", 0f)]);

        Assert.Null(EnsembleCost.Timing(spec, _timings));
        _timings.TimeMissing(CancellationToken.None);
        var (mlp, separable) = (_timings.Of("digits-mlp")!, _timings.Of("digits-separable")!);
        var total = EnsembleCost.Timing(spec, _timings)!;

        // The zero-weight member runs nothing, so it costs nothing.
        Assert.Equal(mlp.Batch1 + separable.Batch1, total.Batch1, 3);
        Assert.Equal(mlp.Batch32 + separable.Batch32, total.Batch32, 3);
        Assert.Null(EnsembleCost.Timing(["digits-mlp", "no-such-model"], _timings));
    }

    public void Dispose() => _registry.Dispose();
}
