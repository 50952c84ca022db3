using Ensemble.Core.Models;
using Ensemble.Web.Endpoints.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class ModelCostTests : IDisposable
{
    private readonly EnsembleAppFactory _factory = new() { Settings = new Dictionary<string, string> { ["Models:TimeMembers"] = "true" } };

    [Fact]
    public async Task EveryLoadedModel_ShowsItsMeasuredTime_BesideItsMegaFlops_OnceTheAppHasTimedIt()
    {
        var client = _factory.CreateClient();
        var registry = _factory.Services.GetRequiredService<ModelRegistry>();
        var timings = _factory.Services.GetRequiredService<MemberTimings>();
        await Signals.UntilAsync(
            fired => { timings.Measured += fired; return Signals.Subscription(() => timings.Measured -= fired); },
            () => registry.Loaded.All(m => timings.Of(m) is not null),
            TimeSpan.FromMinutes(2));

        var models = await client.GetJson<ModelResponse[]>("/api/models");

        var loaded = models.Where(m => m.Status == ModelStatus.Loaded).ToList();
        Assert.NotEmpty(loaded);
        Assert.All(loaded, m => Assert.Equal(timings.Of(m.Name), m.Milliseconds));
        Assert.All(loaded, m => Assert.True(m.Milliseconds is { Batch1: > 0, Batch32: > 0 } && m.MegaFlops > 0, m.Name));
        Assert.All(models.Where(m => m.Status != ModelStatus.Loaded), m => Assert.Null(m.Milliseconds));
    }

    [Fact]
    public async Task WithTimingOff_NoModelShowsATime()
    {
        using var factory = new EnsembleAppFactory();

        var models = await factory.CreateClient().GetJson<ModelResponse[]>("/api/models");

        Assert.All(models, m => Assert.Null(m.Milliseconds));
        Assert.Contains(models, m => m.MegaFlops > 0);
    }

    public void Dispose() => _factory.Dispose();
}
