using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Scoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ensemble.Core.Tests.Scoring;

public sealed class MemberProbabilityCacheTests : IDisposable
{
    private readonly ModelRegistry _registry;
    private readonly MemberProbabilityCache _cache;

    public MemberProbabilityCacheTests()
    {
        // The committed models and evaluation data, read in place.
        var sessions = new OnnxSessionFactory(new InferenceOptions { ExecutionProvider = ExecutionProviderPreference.Cpu }, NullLogger<OnnxSessionFactory>.Instance);
        _registry = new ModelRegistry(RepositoryPaths.ModelsRepository, sessions, NullLogger<ModelRegistry>.Instance);
        _cache = new MemberProbabilityCache(_registry, sessions);
    }

    [Theory]
    [InlineData("validation")]
    [InlineData("test")]
    public void Table_OfACommittedModel_ReproducesItsSidecarAccuracy(string split)
    {
        var table = _cache.Table(["residual", "separable"], split);

        foreach (var (name, index) in new[] { ("residual", 0), ("separable", 1) })
        {
            var weights = new float[2];
            weights[index] = 1f;
            var score = new MixtureScorer(table).Evaluate(weights);
            var sidecar = split == "test" ? _registry.Find(name)!.Test! : _registry.Find(name)!.Validation!;
            Assert.Equal(sidecar.Accuracy, score.Accuracy, 1e-4);
            Assert.Equal(sidecar.LogLoss, score.LogLoss, 1e-3);
        }

        Assert.Equal(table.LabelProbability(0).ToArray(), _cache.Table(["residual"], split).LabelProbability(0).ToArray());
    }

    public void Dispose() => _registry.Dispose();
}
