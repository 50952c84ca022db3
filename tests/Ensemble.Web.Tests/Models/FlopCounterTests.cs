using Ensemble.Core.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Models;

/// <summary>
/// The graph's FLOP count against the trainer's own: every committed member's sidecar states what the trainer
/// counted layer by layer, so counting its exported graph must give the same number.
/// </summary>
public sealed class FlopCounterTests : IClassFixture<EnsembleAppFactory>
{
    private readonly ModelRegistry _registry;

    public FlopCounterTests(EnsembleAppFactory app)
    {
        _ = app.CreateClient();
        // Every committed member beside the factory's two (its task.json is there already, so it stays the factory's).
        FixtureModels.CopyInto(RepositoryPaths.ModelsDirectory, app.ModelsDirectory);
        FixtureModels.CopyInto(CommittedTasks.DigitsDirectory, app.DigitsDirectory);

        // The residual member again without its sidecar, as a model from another tool would come.
        var bare = Path.Combine(app.ModelsDirectory, "residual-bare.onnx");
        if (!File.Exists(bare))
        {
            File.Copy(Path.Combine(RepositoryPaths.ModelsDirectory, "residual.onnx"), bare);
        }

        _registry = app.Services.GetRequiredService<ModelRegistry>();
        _registry.Reload();
    }

    public static TheoryData<string> CommittedMembers =>
    [
        .. new[] { RepositoryPaths.ModelsDirectory, CommittedTasks.DigitsDirectory }
            .SelectMany(d => Directory.GetFiles(d, "*.onnx"))
            .Where(f => File.Exists(Path.ChangeExtension(f, ".json")))
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(CommittedMembers))]
    public void EveryCommittedMember_CountsAsItsSidecarSays(string name)
    {
        var model = _registry.Find(name)!;
        Assert.True(model.IsLoaded, model.Error);
        var sidecar = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(model.Path, ".json")))!;

        var counted = FlopCounter.FlopsPerRow(File.ReadAllBytes(model.Path), model.Adapter!);

        Assert.NotNull(counted);
        Assert.Equal((double)sidecar["megaFlops"]!, Math.Round(counted.Value / 1e6, 2));
    }

    [Fact]
    public void AModelWithoutACount_GetsTheGraphsCount_InTheRegistryAndTheApi()
    {
        var bare = _registry.Find("residual-bare")!;

        Assert.True(bare.IsLoaded, bare.Error);
        Assert.Equal(_registry.Find("residual")!.MegaFlops, bare.MegaFlops);
    }
}
