using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ensemble.Web.Endpoints.Predict;
using Ensemble.Web.Endpoints.Samples;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class OpenInferenceApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task ServerAndModelMetadata_FollowTheProtocolSchema()
    {
        var server = JsonNode.Parse(await _client.GetStringAsync("/v2"))!;
        var model = JsonNode.Parse(await _client.GetStringAsync("/v2/models/residual"))!;
        var ensemble = JsonNode.Parse(await _client.GetStringAsync("/v2/models/fashion-mnist-uniform"))!;

        Assert.Equal("ensemble", (string?)server["name"]);
        Assert.NotNull(server["version"]);
        Assert.NotNull(server["extensions"]!.AsArray());
        Assert.Equal("residual", (string?)model["name"]);
        Assert.Equal(["1"], model["versions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("onnxruntime_onnx", (string?)model["platform"]);
        Assert.Equal("input", (string?)model["inputs"]![0]!["name"]);
        Assert.Equal("FP32", (string?)model["inputs"]![0]!["datatype"]);
        Assert.Equal([-1, 1, 28, 28], model["inputs"]![0]!["shape"]!.AsArray().Select(d => (long)d!));
        Assert.Equal("probabilities", (string?)model["outputs"]![0]!["name"]);
        Assert.Equal("ensemble", (string?)ensemble["platform"]);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v2/models/fashion-mnist-uniform/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v2/models/separable/versions/1/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/v2/models/separable/versions/2/ready")).StatusCode);
    }

    [Fact]
    public async Task Infer_RoundTrip_MatchesTheRestPrediction_AndEchoesTheId()
    {
        var samples = await _client.GetJson<SampleResponse[]>("/api/samples?count=3&offset=7");
        var rest = await (await _client.PostJson("/api/predict", new { instances = samples.Select(s => new { pixels = s.Pixels }) }))
            .Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json);

        // Nested [N,784] data, as some clients send it.
        var response = await _client.PostJson("/v2/models/fashion-mnist-uniform/infer", new
        {
            id = "req-42",
            inputs = new[] { new { name = "input", shape = new[] { 3, 784 }, datatype = "FP32", data = samples.Select(s => s.Pixels) } },
            outputs = new[] { new { name = "probabilities" } },
        });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("req-42", (string?)body["id"]);
        Assert.Equal("fashion-mnist-uniform", (string?)body["model_name"]);
        Assert.Equal("1", (string?)body["model_version"]);
        var output = body["outputs"]![0]!;
        Assert.Equal("probabilities", (string?)output["name"]);
        Assert.Equal([3, 10], output["shape"]!.AsArray().Select(d => (long)d!));
        var data = output["data"]!.AsArray().Select(v => (float)v!).ToArray();
        Assert.Equal(rest!.Predictions.SelectMany(p => p.Probabilities), data, new Tolerance(1e-6f));
    }

    [Fact]
    public async Task Infer_OnAMemberModelVersion_RunsThatModelAlone()
    {
        var sample = (await _client.GetJson<SampleResponse[]>("/api/samples?count=1"))[0];
        var rest = await (await _client.PostJson("/api/predict", new { instances = new[] { new { pixels = sample.Pixels } } }))
            .Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json);

        var response = await _client.PostJson("/v2/models/separable/versions/1/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 1, 28, 28 }, datatype = "FP32", data = sample.Pixels } },
        });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Null(body["id"]);
        Assert.Equal(rest!.Predictions[0].Members["separable"], body["outputs"]![0]!["data"]!.AsArray().Select(v => (float)v!), new Tolerance(1e-6f));
    }

    [Theory]
    [InlineData("/v2/models/ghost/infer", """{"inputs":[{"name":"input","shape":[1,784],"datatype":"FP32","data":[0]}]}""", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/fashion-mnist-uniform/versions/9/infer", """{"inputs":[{"name":"input","shape":[1,784],"datatype":"FP32","data":[0]}]}""", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/fashion-mnist-uniform/infer", """{"inputs":[]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/fashion-mnist-uniform/infer", """{"inputs":[{"name":"image","shape":[1,784],"datatype":"FP32","data":[0]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/fashion-mnist-uniform/infer", """{"inputs":[{"name":"input","shape":[1,784],"datatype":"INT8","data":[0]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/fashion-mnist-uniform/infer", """{"inputs":[{"name":"input","shape":[1,3,28,28],"datatype":"FP32","data":[0]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/fashion-mnist-uniform/infer", """{"inputs":[{"name":"input","shape":[1,784],"datatype":"FP32","data":[0,0,0]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/fashion-mnist-uniform/infer", """{"inputs":[{"name":"input","shape":[1,784],"datatype":"FP32","data":"zeros"}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/fashion-mnist-uniform/infer", """{"inputs":[{"name":"input","shape":[1,784],"datatype":"FP32","data":[2]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/fashion-mnist-uniform/infer", """{"inputs":[{"name":"input","shape":[1,784],"datatype":"FP32","data":[0]}],"outputs":[{"name":"logits"}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/fashion-mnist-uniform/infer", """{"inputs":[{"name":"input",""", HttpStatusCode.BadRequest)]
    public async Task Infer_BadRequests_GetTheProtocolsErrorBody(string url, string body, HttpStatusCode expected)
    {
        var response = await _client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["error"]));
    }

    private sealed class Tolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
