using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Versions;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Endpoints.Models;
using Ensemble.Web.Endpoints.Predict;
using Ensemble.Web.Endpoints.Samples;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class EnsemblesApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Uniform_ExistsFromTheFirstStart_OverEveryLoadedModel()
    {
        var uniform = await _client.GetJson<EnsembleSpec>("/api/ensembles/fashion-mnist-uniform");
        var versions = await _client.GetJson<EnsembleVersionInfo[]>("/api/ensembles/fashion-mnist-uniform/versions");

        Assert.Equal(EnsembleMethod.Average, uniform.Method);
        Assert.Equal(["residual", "separable"], uniform.Members.Select(m => m.Model).Order());
        Assert.All(uniform.Members, m => Assert.Equal(0.5f, m.Weight));
        Assert.Equal(Provenance.Default, versions.Last().Provenance);
    }

    [Fact]
    public async Task Cost_IsTheSumOfTheSidecarsCounts_OverTheMembersThatRun()
    {
        var models = await _client.GetJson<ModelResponse[]>("/api/models");
        var residual = JsonNode.Parse(File.ReadAllText(Path.Combine(factory.ModelsDirectory, "residual.json")))!["megaFlops"]!.GetValue<double>();
        var separable = JsonNode.Parse(File.ReadAllText(Path.Combine(factory.ModelsDirectory, "separable.json")))!["megaFlops"]!.GetValue<double>();
        await _client.PostJson("/api/ensembles", new { name = "half-idle", method = "WeightedAverage", weights = new { residual = 1, separable = 0 } });

        var uniform = await _client.GetJson<EnsembleResponse>("/api/ensembles/fashion-mnist-uniform");
        var halfIdle = await _client.GetJson<EnsembleResponse>("/api/ensembles/half-idle");

        Assert.Equal(residual, models.Single(m => m.Name == "residual").MegaFlops);
        Assert.Equal(residual + separable, uniform.MegaFlops!.Value, 1e-9);
        Assert.Equal(residual, halfIdle.MegaFlops!.Value, 1e-9);
    }

    [Fact]
    public async Task Weights_MakeNewVersions_ActivationMovesPredictions_AndProvenanceIsKept()
    {
        var created = await _client.PostJson("/api/ensembles", new { name = "mix", method = "WeightedAverage", weights = new { residual = 1, separable = 1 }, note = "start" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var v2 = await (await _client.PutAsJsonAsync("/api/ensembles/mix/weights", new { weights = new { residual = 9, separable = 1 }, note = "lean on residual" }, ApiClient.Json))
            .Content.ReadFromJsonAsync<EnsembleVersionInfo>(ApiClient.Json);
        var sample = (await _client.GetJson<SampleResponse[]>("/api/samples?count=1"))[0];
        var withV2 = await PredictWith("mix", sample);
        var activated = await _client.PostAsync("/api/ensembles/mix/versions/1/activate", null);
        var withV1 = await PredictWith("mix", sample);
        var versions = await _client.GetJson<EnsembleVersionInfo[]>("/api/ensembles/mix/versions");

        Assert.Equal(2, v2!.Version);
        Assert.Equal(0.9f, v2.Members.Single(m => m.Model == "residual").Weight, 1e-6f);
        Assert.Equal((2, 0.9f), (withV2.Version, withV2.Weights["residual"]));
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.Equal((1, 0.5f), (withV1.Version, withV1.Weights["residual"]));
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Equal([false, true], versions.Select(v => v.Active));
        Assert.All(versions, v => Assert.Equal(Provenance.Manual, v.Provenance));
        Assert.Equal("lean on residual", versions[0].Note);
        var expected = 0.5 * withV1.Predictions[0].Members["residual"][0] + 0.5 * withV1.Predictions[0].Members["separable"][0];
        Assert.Equal(expected, withV1.Predictions[0].Probabilities[0], 1e-6);
    }

    [Fact]
    public async Task Versions_AreStoredInSqlite_AndSurviveARestart()
    {
        await _client.PostJson("/api/ensembles", new { name = "durable", method = "Average", weights = new { residual = 1, separable = 1 } });
        await _client.PutAsJsonAsync("/api/ensembles/durable/weights", new { weights = new { residual = 1, separable = 3 } }, ApiClient.Json);

        using var restarted = new EnsembleAppFactory { DatabasePath = factory.DatabasePath };
        var after = await restarted.CreateClient().GetJson<EnsembleSpec>("/api/ensembles/durable");

        Assert.Equal(2, after.Version);
        Assert.Equal(0.75f, after.Members.Single(m => m.Model == "separable").Weight, 1e-6f);
    }

    [Theory]
    [InlineData("""{"name":"bad name!","method":"Average","weights":{"residual":1}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","method":"Average","weights":{}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","method":"Average","weights":{"ghost":1}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","method":"WeightedAverage","weights":{"residual":-1,"separable":2}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","method":"WeightedAverage","weights":{"residual":0,"separable":0}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"x","method":"Median","weights":{"residual":1}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"fashion-mnist-uniform","method":"Average","weights":{"residual":1}}""", HttpStatusCode.Conflict)]
    public async Task Create_BadRequests_ChangeNothing(string body, HttpStatusCode expected)
    {
        var before = await _client.GetStringAsync("/api/ensembles");

        var response = await _client.PostAsync("/api/ensembles", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await _client.GetStringAsync("/api/ensembles"));
    }

    [Fact]
    public async Task UnknownEnsembleOrVersion_Gets404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PutAsJsonAsync("/api/ensembles/ghost/weights", new { weights = new { residual = 1 } }, ApiClient.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/ensembles/ghost/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/ensembles/fashion-mnist-uniform/versions/99/activate", null)).StatusCode);
    }

    private async Task<PredictResponse> PredictWith(string ensemble, SampleResponse sample)
    {
        var response = await _client.PostJson("/api/predict", new { ensemble, instances = new[] { new { pixels = sample.Pixels } } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json))!;
    }
}
