using System.Net;
using System.Net.Http.Json;
using Ensemble.Web.Endpoints.Models;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class TaskModelsApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private static readonly string Fixtures = Models.FixtureModels.PyTorch;
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task AnUploadedPyTorchModel_IsInspected_Stored_AndServed()
    {
        var response = await _client.PostAsync("/api/tasks/digits/models", Form("uploaded-nhwc", Fixture("torch-nhwc.onnx"), Fixture("torch-nhwc.json")));
        var models = await _client.GetJson<ModelResponse[]>("/api/models");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<ModelResponse>(ApiClient.Json))!;
        Assert.Equal(("uploaded-nhwc", "digits"), (created.Name, created.Task));
        Assert.Equal(Ensemble.Core.Adapters.InputLayout.Nhwc, created.Adapter!.Layout);
        Assert.Contains(models, m => m.Name == "uploaded-nhwc" && m.Status == Ensemble.Core.Models.ModelStatus.Loaded);
        Assert.Equal(Fixture("torch-nhwc.onnx"), File.ReadAllBytes(Path.Combine(factory.DigitsDirectory, "uploaded-nhwc.onnx")));
        Assert.Equal(Fixture("torch-nhwc.json"), File.ReadAllBytes(Path.Combine(factory.DigitsDirectory, "uploaded-nhwc.json")));
    }

    [Theory]
    [InlineData("torch-nine-classes.onnx", "9 classes, but its task has 10")]
    [InlineData("task.json", "ONNX Runtime cannot load it")]
    public async Task AModelThatWouldNotServe_IsRefusedWithItsReason_AndNothingIsStored(string file, string reason)
    {
        var before = Directory.GetFiles(factory.DigitsDirectory).Order().ToArray();
        var bytes = file == "task.json" ? File.ReadAllBytes(Path.Combine(factory.DigitsDirectory, file)) : Fixture(file);

        var response = await _client.PostAsync("/api/tasks/digits/models", Form("refused", bytes, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, Directory.GetFiles(factory.DigitsDirectory).Order());
        Assert.False(Directory.Exists(Path.Combine(factory.RepositoryDirectory, ".staging")) && Directory.EnumerateFileSystemEntries(Path.Combine(factory.RepositoryDirectory, ".staging")).Any());
    }

    [Fact]
    public async Task ATakenName_AnUnknownTask_AndABrokenSidecar_AreRefused()
    {
        var taken = await _client.PostAsync("/api/tasks/fashion-mnist/models", Form("residual", Fixture("torch-logits.onnx"), null));
        var unknown = await _client.PostAsync("/api/tasks/ghost/models", Form("ghostly", Fixture("torch-logits.onnx"), null));
        var broken = await _client.PostAsync("/api/tasks/digits/models", Form("broken-sidecar", Fixture("torch-logits.onnx"), "{ not json"u8.ToArray()));

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not valid JSON", await broken.Content.ReadAsStringAsync());
        Assert.False(File.Exists(Path.Combine(factory.DigitsDirectory, "broken-sidecar.onnx")));
    }

    [Theory]
    [InlineData("/api/tasks/digits/models")]
    [InlineData("/api/predict/image")]
    public async Task AnEmptyMultipartBody_Gets400_Not500(string path)
    {
        var response = await _client.PostAsync(path, new MultipartFormDataContent());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Fixtures, name));

    private static MultipartFormDataContent Form(string name, byte[] model, byte[]? sidecar)
    {
        var form = new MultipartFormDataContent { { new StringContent(name), "name" }, { new ByteArrayContent(model), "model", name + ".onnx" } };
        if (sidecar is not null)
        {
            form.Add(new ByteArrayContent(sidecar), "sidecar", name + ".json");
        }

        return form;
    }
}
