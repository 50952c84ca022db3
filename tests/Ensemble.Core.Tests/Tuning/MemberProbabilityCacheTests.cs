using Ensemble.Core.Models;
using Ensemble.Core.Tuning;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Tuning;

public sealed class MemberProbabilityCacheTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    [Theory]
    [InlineData("validation")]
    [InlineData("test")]
    public void Table_OfACommittedModel_ReproducesItsSidecarAccuracy(string split)
    {
        _ = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<MemberProbabilityCache>();
        var registry = factory.Services.GetRequiredService<ModelRegistry>();

        var table = cache.Table(["residual", "separable"], split);

        foreach (var (name, index) in new[] { ("residual", 0), ("separable", 1) })
        {
            var weights = new float[2];
            weights[index] = 1f;
            var score = new MixtureScorer(table).Evaluate(weights);
            var sidecar = split == "test" ? registry.Find(name)!.Test! : registry.Find(name)!.Validation!;
            Assert.Equal(sidecar.Accuracy, score.Accuracy, 1e-4);
            Assert.Equal(sidecar.LogLoss, score.LogLoss, 1e-3);
        }

        Assert.Equal(table.LabelProbability(0).ToArray(), cache.Table(["residual"], split).LabelProbability(0).ToArray());
    }
}
