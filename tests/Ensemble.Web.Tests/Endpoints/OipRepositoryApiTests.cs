using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Endpoints;

/// <summary>Triton's model configuration, repository index and statistics routes.</summary>
public sealed class OipRepositoryApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Config_OfAMember_HasTritonsFields_WithoutTheBatchDimension()
    {
        var config = JsonNode.Parse(await _client.GetStringAsync("/v2/models/residual/config"))!;

        Assert.Equal("residual", (string?)config["name"]);
        Assert.Equal("onnxruntime_onnx", (string?)config["platform"]);
        Assert.Equal(256, (int)config["max_batch_size"]!);
        var input = config["input"]![0]!;
        Assert.Equal("TYPE_FP32", (string?)input["data_type"]);
        Assert.Equal([1, 28, 28], input["dims"]!.AsArray().Select(d => (int)d!));
        Assert.Equal([10], config["output"]![0]!["dims"]!.AsArray().Select(d => (int)d!));
    }

    [Fact]
    public async Task Config_OfAnEnsemble_ListsItsMembersAndWeights()
    {
        var config = JsonNode.Parse(await _client.GetStringAsync("/v2/models/fashion-mnist-uniform/config"))!;

        Assert.Equal("ensemble", (string?)config["platform"]);
        var steps = config["ensemble_scheduling"]!["step"]!.AsArray();
        Assert.Equal(["residual", "separable"], steps.Select(s => (string)s!["model_name"]!).Order());
        Assert.All(steps, s => Assert.Equal(0.5, (double)s!["weight"]!, 6));
        Assert.Equal("Average", (string?)config["parameters"]!["method"]!["string_value"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/v2/models/fashion-mnist-uniform/versions/7/config")).StatusCode);
    }

    [Fact]
    public async Task AnEnsemble_WithAMemberOfWeightZero_NeitherRunsNorWaitsForIt()
    {
        using var app = new EnsembleAppFactory();
        File.Copy(Path.Combine(app.ModelsDirectory, "residual.onnx"), Path.Combine(app.ModelsDirectory, "spare.onnx"));
        var registry = app.Services.GetRequiredService<ModelRegistry>();
        await app.Services.GetRequiredService<EnsembleStore>().CreateAsync("sparse", EnsembleMethod.WeightedAverage, new Dictionary<string, double> { ["residual"] = 1, ["spare"] = 0 }, null);
        var client = app.CreateClient();

        var gone = Signals.UntilAsync(
            signal =>
            {
                registry.Reloaded += signal;
                return Signals.Subscription(() => registry.Reloaded -= signal);
            },
            () => registry.Find("spare") is null,
            TimeSpan.FromMinutes(1));
        File.Delete(Path.Combine(app.ModelsDirectory, "spare.onnx"));
        await gone;

        var steps = JsonNode.Parse(await client.GetStringAsync("/v2/models/sparse/config"))!["ensemble_scheduling"]!["step"]!.AsArray();
        Assert.Equal(["residual"], steps.Select(s => (string)s!["model_name"]!));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/models/sparse/ready")).StatusCode);
        var index = (await (await client.PostAsync("/v2/repository/index", null)).Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Contains(index, e => (string?)e!["name"] == "sparse" && (string?)e["state"] == "READY");
        var infer = await client.PostAsJsonAsync("/v2/models/sparse/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 784 }, datatype = "FP32", data = new float[784] } },
        });
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
    }

    [Fact]
    public async Task RepositoryIndex_ListsEveryModelAndEnsembleVersion_WithItsState()
    {
        var all = (await (await _client.PostAsync("/v2/repository/index", null)).Content.ReadFromJsonAsync<JsonArray>())!;
        var ready = (await (await _client.PostAsJsonAsync("/v2/repository/index", new { ready = true })).Content.ReadFromJsonAsync<JsonArray>())!;

        var entries = all.Select(e => ((string)e!["name"]!, (string)e["version"]!, (string)e["state"]!)).ToList();
        Assert.Contains(("residual", "1", "READY"), entries);
        Assert.Contains(("separable", "1", "READY"), entries);
        Assert.Contains(("fashion-mnist-uniform", "1", "READY"), entries);
        Assert.All(ready, e => Assert.Equal("READY", (string?)e!["state"]));
    }

    [Fact]
    public async Task Statistics_CountTheInferencesAndRunsThisAppServed()
    {
        var before = await StatsAsync("/v2/models/separable/stats");
        var ensembleBefore = await StatsAsync("/v2/models/fashion-mnist-uniform/stats");
        var response = await _client.PostAsJsonAsync("/v2/models/fashion-mnist-uniform/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 3, 784 }, datatype = "FP32", data = new float[3 * 784] } },
        });
        response.EnsureSuccessStatusCode();
        var after = await StatsAsync("/v2/models/separable/stats");
        var ensemble = await StatsAsync("/v2/models/fashion-mnist-uniform/stats");
        var all = JsonNode.Parse(await _client.GetStringAsync("/v2/models/stats"))!["model_stats"]!.AsArray();

        Assert.Equal("1", (string?)after["version"]);
        Assert.Equal(3, (long)after["inference_count"]! - (long)before["inference_count"]!);
        Assert.True((long)after["execution_count"]! > (long)before["execution_count"]!);
        Assert.True((long)after["inference_stats"]!["compute_infer"]!["ns"]! > (long)before["inference_stats"]!["compute_infer"]!["ns"]!);
        Assert.Equal(1, (long)ensemble["inference_stats"]!["success"]!["count"]! - (long)ensembleBefore["inference_stats"]!["success"]!["count"]!);
        Assert.Equal(3, (long)ensemble["inference_count"]! - (long)ensembleBefore["inference_count"]!);
        Assert.Contains(all, s => (string?)s!["name"] == "fashion-mnist-uniform");
    }

    private async Task<JsonNode> StatsAsync(string url) =>
        JsonNode.Parse(await _client.GetStringAsync(url))!["model_stats"]!.AsArray().Single()!;
}
