using System.Net;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Training.Networks;
using Ensemble.Web.Endpoints.Models;
using Google.Protobuf;

namespace Ensemble.Web.Tests.Endpoints;

/// <summary>A corrupt file, a truncated one, one with a broken sidecar and one with the wrong input shape sit beside the good ones.</summary>
public sealed class FaultyModelTests : IDisposable
{
    private readonly EnsembleAppFactory _factory = new();

    public FaultyModelTests()
    {
        File.WriteAllBytes(Path.Combine(_factory.ModelsDirectory, "corrupt.onnx"), [0x08, 0x07, 0xFF, 0xFF, 0x12]);
        var residual = File.ReadAllBytes(Path.Combine(_factory.ModelsDirectory, "residual.onnx"));
        File.WriteAllBytes(Path.Combine(_factory.ModelsDirectory, "truncated.onnx"), residual[..(residual.Length / 2)]);
        File.WriteAllBytes(Path.Combine(_factory.ModelsDirectory, "bad-sidecar.onnx"), residual);
        File.WriteAllText(Path.Combine(_factory.ModelsDirectory, "bad-sidecar.json"), "{\"architecture\": ");
        var small = new NetworkBuilder(14, 14, 1).Conv(4).Relu().GlobalAveragePool().Dense(10).Build("tiny", seed: 1);
        File.WriteAllBytes(Path.Combine(_factory.ModelsDirectory, "wrong-shape.onnx"), small.ToOnnx(new Dictionary<string, string>()).ToByteArray());
    }

    [Fact]
    public async Task App_Starts_ReportsEachFailureWithItsReason_AndServesTheOthers()
    {
        var client = _factory.CreateClient();

        var models = await client.GetJson<ModelResponse[]>("/api/models");
        var ready = await client.GetAsync("/health/ready");
        var uniform = await client.GetJson<EnsembleSpec>("/api/ensembles/fashion-mnist-uniform");

        Assert.Equal(ModelStatus.Failed, models.Single(m => m.Name == "corrupt").Status);
        Assert.Contains("ONNX Runtime cannot load it", models.Single(m => m.Name == "corrupt").Error);
        Assert.Contains("[N,1,28,28]", models.Single(m => m.Name == "wrong-shape").Error);
        Assert.Contains("ONNX Runtime cannot load it", models.Single(m => m.Name == "truncated").Error);
        Assert.Contains("not valid JSON", models.Single(m => m.Name == "bad-sidecar").Error);
        Assert.Equal(4, models.Count(m => m.Status == ModelStatus.Failed));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        Assert.Equal(["residual", "separable"], uniform.Members.Select(m => m.Model).Order());
    }

    public void Dispose() => _factory.Dispose();
}
