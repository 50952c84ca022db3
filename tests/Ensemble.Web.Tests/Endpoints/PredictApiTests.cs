using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ensemble.Core.Models;
using Ensemble.Tasks.Data;
using Ensemble.Web.Endpoints.Models;
using Ensemble.Web.Endpoints.Predict;
using Ensemble.Web.Endpoints.Samples;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class PredictApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Models_ListsTheCommittedModels_LoadedOnTheCpu()
    {
        var models = await _client.GetJson<ModelResponse[]>("/api/models");

        Assert.Contains(models, m => m.Name == "residual" && m.Architecture == "residual" && m.Parameters == 289_322);
        Assert.Contains(models, m => m.Name == "separable" && m.Architecture == "separable" && m.Parameters == 39_347);
        Assert.All(models, m =>
        {
            Assert.Equal(ModelStatus.Loaded, m.Status);
            Assert.Equal("CPU", m.Provider);
            Assert.Equal(64, m.Sha256.Length);
            Assert.InRange(m.TestAccuracy!.Value, 0.5, 1.0);
        });
    }

    [Fact]
    public async Task Predict_Uniform_EqualsTheAverageOfTheMembersOnnxRuntimeOutputs()
    {
        var samples = await _client.GetJson<SampleResponse[]>("/api/samples?split=test&count=16&offset=100");

        var response = await Predict(new { ensemble = "fashion-mnist-uniform", topK = 3, instances = samples.Select(s => new { pixels = s.Pixels }) });

        var members = Directory.GetFiles(factory.ModelsDirectory, "*.onnx").Select(p => (Name: Path.GetFileNameWithoutExtension(p), Output: RunDirectly(p, samples))).ToList();
        Assert.Equal("fashion-mnist-uniform", response.Ensemble);
        for (var i = 0; i < samples.Length; i++)
        {
            var prediction = response.Predictions[i];
            for (var c = 0; c < 10; c++)
            {
                var expected = members.Average(m => (double)m.Output[i * 10 + c]);
                Assert.Equal(expected, prediction.Probabilities[c], 1e-6);
            }

            foreach (var (name, output) in members)
            {
                Assert.Equal(output.AsSpan(i * 10, 10).ToArray(), prediction.Members[name], new FloatTolerance(1e-6f));
            }

            Assert.Equal(3, prediction.Top.Count);
            Assert.Equal(prediction.Probabilities.Max(), prediction.Top[0].Probability);
            Assert.Equal(Ensemble.Tasks.TaskDefinition.Read(RepositoryPaths.ModelsDirectory).Classes[prediction.Top[0].Label], prediction.Top[0].ClassName);
        }
    }

    [Fact]
    public async Task Predict_WithOneOffWeights_MixesWithTheNormalizedWeights()
    {
        var samples = await _client.GetJson<SampleResponse[]>("/api/samples?split=validation&count=4");

        var response = await Predict(new { weights = new Dictionary<string, double> { ["residual"] = 3, ["separable"] = 1 }, instances = samples.Select(s => new { pixels = s.Pixels }) });

        Assert.Equal(0.75f, response.Weights["residual"], 1e-6f);
        Assert.Equal(0.25f, response.Weights["separable"], 1e-6f);
        foreach (var p in response.Predictions)
        {
            for (var c = 0; c < 10; c++)
            {
                Assert.Equal(0.75 * p.Members["residual"][c] + 0.25 * p.Members["separable"][c], p.Probabilities[c], 1e-6);
            }
        }
    }

    [Fact]
    public async Task Predict_AMemberOfWeightZero_IsNotRunAndServesExactlyTheOthers()
    {
        var samples = await _client.GetJson<SampleResponse[]>("/api/samples?split=test&count=4&offset=40");
        var instances = samples.Select(s => new { pixels = s.Pixels }).ToList();

        var alone = await Predict(new { weights = new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 0 }, instances });
        var both = await Predict(new { instances });

        Assert.Equal(["residual"], alone.Weights.Keys);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(["residual"], alone.Predictions[i].Members.Keys);
            Assert.Equal(both.Predictions[i].Members["residual"], alone.Predictions[i].Probabilities, new FloatTolerance(1e-6f));
            Assert.Equal(1.0, alone.Predictions[i].Uncertainty!.Agreement);
            Assert.Equal(0.0, alone.Predictions[i].Uncertainty!.MutualInformation, 1e-9);
        }
    }

    [Fact]
    public async Task Predict_OverTheWholeTestSplit_ReproducesEachModelsSidecarAccuracy()
    {
        var (_, test) = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData);
        var models = await _client.GetJson<ModelResponse[]>("/api/models");
        var correct = models.ToDictionary(m => m.Name, _ => 0);
        for (var start = 0; start < test.Count; start += 256)
        {
            var count = Math.Min(256, test.Count - start);
            var instances = Enumerable.Range(start, count).Select(i =>
            {
                var pixels = new float[784];
                test.CopyScaled(i, pixels);
                return new { pixels };
            });
            var response = await Predict(new { instances });
            for (var i = 0; i < count; i++)
            {
                foreach (var (name, probabilities) in response.Predictions[i].Members)
                {
                    if (Array.IndexOf(probabilities, probabilities.Max()) == test.Labels[start + i])
                    {
                        correct[name]++;
                    }
                }
            }
        }

        // The sidecar measured the trainer's own forward pass; ONNX Runtime agrees to 1e-4, so at most a tie flips.
        foreach (var model in models)
        {
            Assert.Equal(model.TestAccuracy!.Value, (double)correct[model.Name] / test.Count, 1e-4);
        }
    }

    [Fact]
    public async Task PredictImage_ClassifiesAnUploadedPng()
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(60, 90, SkiaSharp.SKColors.LightGray)), "file", "dress.png" } };

        var response = await _client.PostAsync("/api/predict/image?topK=2", content);

        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json))!;
        Assert.Single(body.Predictions);
        Assert.Equal(2, body.Predictions[0].Top.Count);
        Assert.Equal(1.0, body.Predictions[0].Probabilities.Sum(), 1e-4);
    }

    [Fact]
    public async Task Samples_ReturnRealLabelledImages()
    {
        var samples = await _client.GetJson<SampleResponse[]>("/api/samples?split=test&count=3&offset=0");
        var (_, test) = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData);

        Assert.Equal(3, samples.Length);
        Assert.Equal(test.Labels[0], samples[0].Label);
        Assert.Equal(784, samples[0].Pixels!.Length);
        Assert.Contains(samples[0].Pixels!, p => p > 0.5f);
    }

    [Fact]
    public async Task Health_ReadyAndLive_WhenEveryModelLoads()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        var ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_DocumentsEveryEndpointWithSummaries()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var paths = document["paths"]!.AsObject();

        (string, string)[] routes =
        [
            ("/api/models", "get"), ("/api/models/{name}", "get"), ("/api/ensembles", "get"), ("/api/ensembles", "post"), ("/api/ensembles/{name}", "get"),
            ("/api/ensembles/{name}/weights", "put"), ("/api/ensembles/{name}/versions", "get"), ("/api/ensembles/{name}/versions/{version}/activate", "post"),
            ("/api/predict", "post"), ("/api/predict/image", "post"), ("/api/samples", "get"),
            ("/v2", "get"), ("/v2/health/live", "get"), ("/v2/health/ready", "get"), ("/v2/models/{name}", "get"), ("/v2/models/{name}/ready", "get"),
            ("/v2/models/{name}/infer", "post"), ("/v2/models/{name}/versions/{version}", "get"), ("/v2/models/{name}/versions/{version}/ready", "get"),
            ("/v2/models/{name}/versions/{version}/infer", "post"),
        ];
        foreach (var (path, method) in routes)
        {
            var operation = paths[path]?[method];
            Assert.True(operation is not null, $"{method.ToUpperInvariant()} {path} is missing from the Swagger document");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["summary"]), $"{path} has no summary");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["description"]), $"{path} has no description");
        }

        Assert.NotNull(document["components"]!["schemas"]!["PredictRequest"]);
        Assert.NotNull(document["components"]!["schemas"]!["PredictResponse"]);
        Assert.NotNull(document["components"]!["schemas"]!["OipInferenceRequest"]);
        // Request bodies carry working examples: a real 784-pixel image for predict.
        Assert.Equal(784, document["components"]!["schemas"]!["PredictRequest"]!["example"]!["instances"]![0]!["pixels"]!.AsArray().Count);
        Assert.NotNull(document["components"]!["schemas"]!["OipInferenceRequest"]!["example"]);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/swagger/index.html")).StatusCode);
    }

    private async Task<PredictResponse> Predict(object body)
    {
        var response = await _client.PostJson("/api/predict", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json))!;
    }

    private static float[] RunDirectly(string modelPath, SampleResponse[] samples)
    {
        using var session = new InferenceSession(modelPath);
        var input = samples.SelectMany(s => s.Pixels!).ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(input, [samples.Length, 1, 28, 28]);
        using var outputs = session.Run(new RunOptions(), ["input"], [value], ["probabilities"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
