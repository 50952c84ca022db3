using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Endpoints.Predict;
using Ensemble.Web.Endpoints.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ensemble.Web.Tests.Endpoints;

/// <summary>
/// A version exported as a definition file and dropped into another repository's task folder seeds the same
/// ensemble there; files that cannot be seeded are skipped with their reason and stop nothing else.
/// </summary>
public sealed class EnsembleDefinitionTests
{
    private static readonly Dictionary<string, float> Temperatures = new() { ["residual"] = 1.3f, ["separable"] = 0.8f };

    [Fact]
    public async Task AnExportedDefinition_SeedsTheSameEnsemble_AndPredictionsMatch()
    {
        using var source = new EnsembleAppFactory();
        var store = source.Services.GetRequiredService<EnsembleStore>();
        await store.CreateAsync("tuned", EnsembleMethod.WeightedAverage, new Dictionary<string, double> { ["residual"] = 3, ["separable"] = 1 }, null);
        await store.AddVersionAsync("tuned", EnsembleMethod.WeightedAverage, new Dictionary<string, double> { ["residual"] = 7, ["separable"] = 3 }, Provenance.Manual, null,
            "seven to three", activate: true, calibration: new VersionCalibration(Temperatures, 1.1f, 0.6f));
        var client = source.CreateClient();

        var response = await client.GetAsync("/api/ensembles/tuned/versions/2/definition");
        response.EnsureSuccessStatusCode();
        Assert.Equal("tuned.json", response.Content.Headers.ContentDisposition?.FileName);
        var json = await response.Content.ReadAsByteArrayAsync();
        var exported = JsonSerializer.Deserialize<EnsembleDefinition>(json, EnsembleDefinition.Json)!;
        Assert.Equal(("tuned", EnsembleMethod.WeightedAverage, 1.1f, 0.6f, "seven to three"), (exported.Name, exported.Method, exported.Temperature, exported.AbstainBelow, exported.Note));
        Assert.Equal([("residual", 0.7f, 1.3f), ("separable", 0.3f, 0.8f)], exported.Members.Select(m => (m.Model, MathF.Round(m.Weight, 5), m.Temperature)));

        using var target = new EnsembleAppFactory();
        await File.WriteAllBytesAsync(Path.Combine(DefinitionsFolder(target), "tuned.json"), json);
        var seededClient = target.CreateClient();

        var seeded = await seededClient.GetJson<EnsembleResponse>("/api/ensembles/tuned");
        var original = await client.GetJson<EnsembleResponse>("/api/ensembles/tuned");
        Assert.Equal(1, seeded.Version);
        Assert.Equal(original.Members, seeded.Members);
        Assert.Equal((original.Temperature, original.AbstainBelow), (seeded.Temperature, seeded.AbstainBelow));
        var history = await seededClient.GetJson<EnsembleVersionInfo[]>("/api/ensembles/tuned/versions");
        Assert.Equal((Provenance.Committed, "seven to three"), (history.Single().Provenance, history.Single().Note));

        var samples = await client.GetJson<SampleResponse[]>("/api/samples?split=test&count=8");
        var body = new { ensemble = "tuned", instances = samples.Select(s => new { pixels = s.Pixels }) };
        var expected = await Predict(client, body);
        var actual = await Predict(seededClient, body);
        Assert.Equal(expected.Predictions.Select(p => p.Probabilities), actual.Predictions.Select(p => p.Probabilities));
        Assert.Equal(expected.Predictions.Select(p => p.Abstain), actual.Predictions.Select(p => p.Abstain));
    }

    [Fact]
    public async Task DefinitionsThatCannotBeSeeded_AreLoggedWithTheirReason_AndStopNoOther()
    {
        using var app = new EnsembleAppFactory { CollectLogs = true };
        var folder = DefinitionsFolder(app);
        // Read from the file: asking the app would start it before the definitions are written.
        var residual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(app.ModelsDirectory, "residual.onnx"))));
        Write(folder, "broken", "{ \"name\": \"broken\", ");
        Write(folder, "changed", Definition("changed", ("residual", new string('0', 64), 1)));
        Write(folder, "stranger", Definition("stranger", ("residual", residual, 1), ("nope", "", 1)));
        Write(folder, "hot", Definition("hot", ("residual", residual, 1)).Replace("\"temperature\": 1", "\"temperature\": -2"));
        // A definition never overwrites an ensemble that exists, the uniform included.
        Write(folder, "uniform", Definition(EnsembleAppFactory.Uniform, ("residual", residual, 1)));
        Write(folder, "model", Definition("separable", ("residual", residual, 1)));
        Write(folder, "good", Definition("good", ("residual", residual, 2), ("separable", "", 1)));

        var client = app.CreateClient();

        var names = (await client.GetJson<EnsembleResponse[]>("/api/ensembles")).Select(e => e.Name).ToList();
        Assert.Equal(["fashion-mnist-uniform", "good"], names);
        Assert.Equal(2, (await client.GetJson<EnsembleResponse>($"/api/ensembles/{EnsembleAppFactory.Uniform}")).Members.Count);
        var good = await client.GetJson<EnsembleResponse>("/api/ensembles/good");
        Assert.Equal([2f / 3, 1f / 3], good.Members.Select(m => m.Weight));
        Assert.Equal(ModelSha256(app, "separable"), good.Members[1].Sha256);

        var warnings = app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.Contains("was not seeded")).Select(r => r.Message).ToList();
        Assert.Equal(5, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("broken.json") && w.Contains("not valid definition JSON"));
        Assert.Contains(warnings, w => w.Contains("changed.json") && w.Contains("'residual' is not the file this ensemble was made with"));
        Assert.Contains(warnings, w => w.Contains("stranger.json") && w.Contains("'nope' is not a loaded model"));
        Assert.Contains(warnings, w => w.Contains("hot.json") && w.Contains("temperatures are positive"));
        Assert.Contains(warnings, w => w.Contains("model.json") && w.Contains("'separable' is the name of a model"));
    }

    [Fact]
    public async Task ADefinitionWaitingForAMember_IsSeededWhenTheMemberArrives()
    {
        using var app = new EnsembleAppFactory();
        var folder = DefinitionsFolder(app);
        Write(folder, "later", Definition("later", ("residual", "", 1), ("residual-copy", "", 1)));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/ensembles/later")).StatusCode);

        var store = app.Services.GetRequiredService<EnsembleStore>();
        var seeded = Signals.UntilAsync(
            signal =>
            {
                store.Refreshed += signal;
                return Signals.Subscription(() => store.Refreshed -= signal);
            },
            () => store.Active("later") is not null,
            TimeSpan.FromMinutes(1));
        File.Copy(Path.Combine(app.ModelsDirectory, "residual.onnx"), Path.Combine(app.ModelsDirectory, "residual-copy.onnx"));
        await seeded;

        Assert.Equal(["residual", "residual-copy"], (await client.GetJson<EnsembleResponse>("/api/ensembles/later")).Members.Select(m => m.Model));
    }

    [Fact]
    public async Task ADefinition_LeavesOutMembersOfWeightZero_AndTakesTheNameAskedFor()
    {
        using var app = new EnsembleAppFactory();
        await app.Services.GetRequiredService<EnsembleStore>().CreateAsync("sparse", EnsembleMethod.WeightedAverage, new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 0 }, null);
        var client = app.CreateClient();

        var response = await client.GetAsync("/api/ensembles/sparse/versions/1/definition?as=sparse-copy");
        response.EnsureSuccessStatusCode();
        var definition = JsonSerializer.Deserialize<EnsembleDefinition>(await response.Content.ReadAsStringAsync(), EnsembleDefinition.Json)!;

        Assert.Equal(("sparse-copy", "sparse-copy.json"), (definition.Name, response.Content.Headers.ContentDisposition?.FileName));
        Assert.Equal(["residual"], definition.Members.Select(m => m.Model));
    }

    [Fact]
    public async Task TheEnsembleATaskNamesAsDefault_ServesRequestsThatNameNone_AndTheUniformOneWhileItIsAbsent()
    {
        using var app = new EnsembleAppFactory();
        var folder = DefinitionsFolder(app);
        Write(folder, "lean", Definition("lean", ("residual", "", 3), ("separable", "", 1)));
        NameDefault(app, "lean");
        using var absent = new EnsembleAppFactory();
        NameDefault(absent, "lean");

        var samples = await app.CreateClient().GetJson<SampleResponse[]>("/api/samples?split=test&count=2");
        var body = new { instances = samples.Select(s => new { pixels = s.Pixels }) };
        var served = await Predict(app.CreateClient(), body);
        var fallback = await Predict(absent.CreateClient(), body);

        Assert.Equal(("lean", 0.75f), (served.Ensemble, served.Weights["residual"]));
        Assert.Equal(EnsembleAppFactory.Uniform, fallback.Ensemble);
        Assert.Equal("lean", (await app.CreateClient().GetJson<Web.Endpoints.Tasks.TaskResponse>($"/api/tasks/{EnsembleAppFactory.Task}")).DefaultEnsemble);
        Assert.Equal(EnsembleAppFactory.Uniform, (await absent.CreateClient().GetJson<Web.Endpoints.Tasks.TaskResponse>($"/api/tasks/{EnsembleAppFactory.Task}")).DefaultEnsemble);
        // Swagger's predict example names the ensemble that would serve it.
        Assert.Equal(("lean", EnsembleAppFactory.Uniform), (await SwaggerPredictEnsemble(app), await SwaggerPredictEnsemble(absent)));
    }

    [Fact]
    public async Task AnUnknownVersion_Is404_AndABadNameIs400()
    {
        using var app = new EnsembleAppFactory();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/ensembles/{EnsembleAppFactory.Uniform}/versions/9/definition")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/ensembles/none/versions/1/definition")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/ensembles/{EnsembleAppFactory.Uniform}/versions/1/definition?as=..%2Fescape")).StatusCode);
    }

    private static async Task<string?> SwaggerPredictEnsemble(EnsembleAppFactory app)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        return (string?)document["components"]!["schemas"]!["PredictRequest"]!["example"]!["ensemble"];
    }

    private static string DefinitionsFolder(EnsembleAppFactory app) =>
        Directory.CreateDirectory(Path.Combine(app.ModelsDirectory, EnsembleDefinition.Folder)).FullName;

    private static void NameDefault(EnsembleAppFactory app, string ensemble)
    {
        var path = Path.Combine(app.ModelsDirectory, "task.json");
        var task = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        task["defaultEnsemble"] = ensemble;
        File.WriteAllText(path, task.ToJsonString());
    }

    private static string ModelSha256(EnsembleAppFactory app, string model) => app.Services.GetRequiredService<ModelRegistry>().Find(model)!.Sha256;

    private static void Write(string folder, string name, string json) => File.WriteAllText(Path.Combine(folder, name + ".json"), json);

    private static string Definition(string name, params (string Model, string Sha256, float Weight)[] members) =>
        JsonSerializer.Serialize(new EnsembleDefinition { Name = name, Members = [.. members.Select(m => new EnsembleMember(m.Model, m.Sha256, m.Weight))] }, EnsembleDefinition.Json);

    private static async Task<PredictResponse> Predict(HttpClient client, object body)
    {
        var response = await client.PostJson("/api/predict", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json))!;
    }
}
