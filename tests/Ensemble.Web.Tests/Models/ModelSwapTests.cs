using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Ensemble.Core.Models;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Endpoints.Models;
using Ensemble.Web.Endpoints.OpenInference;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Tests.Endpoints;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Models;

/// <summary>Model files changed under a running app: watched, swapped in at once, with no request failing.</summary>
public sealed class ModelSwapTests : IDisposable
{
    // Batching on, so a swap also retires the model's queue.
    private readonly EnsembleAppFactory _factory = new() { Settings = new Dictionary<string, string> { ["Batching:Mode"] = "On" } };

    [Fact]
    public async Task AFileReplacedWhileRequestsRun_FailsNoRequest_AndTheNewModelServes()
    {
        var client = _factory.CreateClient();
        var registry = _factory.Services.GetRequiredService<ModelRegistry>();
        var sample = (await client.GetJson<SampleResponse[]>("/api/samples?count=1"))[0];
        var body = new { id = "swap", inputs = new[] { new { name = "input", shape = new[] { 1, 784 }, datatype = "FP32", data = sample.Pixels } } };
        var before = await InferAsync(client, body);
        var old = registry.Find("separable")!;
        var replacement = Path.Combine(RepositoryPaths.ModelsDirectory, "vgg.onnx");
        var newSha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(replacement)));

        var failures = new List<string>();
        var completed = new Milestones();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.PostAsJsonAsync("/v2/models/separable/infer", body, ApiClient.Json);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var failure = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                    lock (failures)
                    {
                        failures.Add(failure);
                    }
                }

                completed.Increment();
            }
        })).ToList();

        await completed.ReachedAsync(50);
        // Overwritten in place, the way `cp` does it: the watcher waits for the folder to go quiet.
        File.Copy(replacement, Path.Combine(_factory.ModelsDirectory, "separable.onnx"), overwrite: true);
        await registry.UntilAsync(r => r.Find("separable")?.Sha256 == newSha);
        await completed.ReachedAsync(completed.Count + 50);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.True(old.IsRetired);
        var after = await InferAsync(client, body);
        Assert.NotEqual(before, after);
        var models = await client.GetJson<ModelResponse[]>("/api/models");
        Assert.Equal(newSha, models.Single(m => m.Name == "separable").Sha256);
    }

    [Fact]
    public async Task AnEnsemblePinnedToTheOldFile_IsFlaggedForReview_AndRefusedUntilANewVersionIsSaved()
    {
        var client = _factory.CreateClient();
        var registry = _factory.Services.GetRequiredService<ModelRegistry>();
        var sample = (await client.GetJson<SampleResponse[]>("/api/samples?count=1"))[0];
        var predict = new { ensemble = "fashion-mnist-uniform", instances = new[] { new { pixels = sample.Pixels } } };
        Assert.Equal(HttpStatusCode.OK, (await client.PostJson("/api/predict", predict)).StatusCode);
        var newSha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.ModelsDirectory, "vgg.onnx"))));

        File.Copy(Path.Combine(RepositoryPaths.ModelsDirectory, "vgg.onnx"), Path.Combine(_factory.ModelsDirectory, "separable.onnx"), overwrite: true);
        await registry.UntilAsync(r => r.Find("separable")?.Sha256 == newSha);

        var uniform = await client.GetJson<EnsembleResponse>("/api/ensembles/fashion-mnist-uniform");
        Assert.Equal(["separable"], uniform.NeedsReview);
        var refused = await client.PostJson("/api/predict", predict);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("changed since version 1", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"needs-review\"", await client.GetStringAsync("/"), StringComparison.Ordinal);

        var saved = await client.PutAsJsonAsync("/api/ensembles/fashion-mnist-uniform/weights", new { weights = new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 1 } }, ApiClient.Json);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Empty((await client.GetJson<EnsembleResponse>("/api/ensembles/fashion-mnist-uniform")).NeedsReview);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJson("/api/predict", predict)).StatusCode);
    }

    [Fact]
    public async Task AModelAddedOrRemovedAtRunTime_IsServedOrDropped()
    {
        var client = _factory.CreateClient();
        var registry = _factory.Services.GetRequiredService<ModelRegistry>();
        var added = Path.Combine(_factory.ModelsDirectory, "third.onnx");

        File.Copy(Path.Combine(RepositoryPaths.ModelsDirectory, "vgg.onnx"), added);
        await registry.UntilAsync(r => r.Find("third") is { IsLoaded: true });
        var third = registry.Find("third")!;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/models/third/ready")).StatusCode);

        File.Delete(added);
        await registry.UntilAsync(r => r.Find("third") is null);
        Assert.True(third.IsRetired);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v2/models/third")).StatusCode);
    }

    [Fact]
    public async Task ALeasedSession_OutlivesItsReplacement_UntilReturned()
    {
        _ = _factory.CreateClient();
        var registry = _factory.Services.GetRequiredService<ModelRegistry>();
        var leased = registry.Lease("residual")!;

        File.Copy(Path.Combine(RepositoryPaths.ModelsDirectory, "vgg.onnx"), Path.Combine(_factory.ModelsDirectory, "residual.onnx"), overwrite: true);
        registry.Reload();

        Assert.True(leased.IsRetired);
        var probabilities = new float[10];
        leased.Run(new float[784], 1, probabilities);
        Assert.Equal(1f, probabilities.Sum(), 1e-4f);
        ModelRegistry.Return(leased);
        var current = registry.Lease("residual")!;
        Assert.NotSame(leased, current);
        Assert.False(current.IsRetired);
        ModelRegistry.Return(current);
    }

    private static async Task<float[]> InferAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/v2/models/separable/infer", body, ApiClient.Json);
        response.EnsureSuccessStatusCode();
        var data = (System.Text.Json.JsonElement)(await response.Content.ReadFromJsonAsync<OipInferenceResponse>(ApiClient.Json))!.Outputs[0].Data!;
        return System.Text.Json.JsonSerializer.Deserialize<float[]>(data)!;
    }

    public void Dispose() => _factory.Dispose();
}
