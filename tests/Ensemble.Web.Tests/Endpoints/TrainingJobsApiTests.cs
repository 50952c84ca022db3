using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.TrainingJobs;
using Ensemble.Training.Data;
using Ensemble.Training.Fitting;
using Ensemble.Web.Endpoints.Models;
using Ensemble.Web.Endpoints.Predict;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Endpoints.Training;
using Ensemble.Web.Tests.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class TrainingJobsApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task AShortJob_RegistersItsModel_WhichAnEnsembleThenServes()
    {
        var created = await _client.PostJson("/api/training/jobs", new { name = "fresh", task = EnsembleAppFactory.Digits, architecture = "mlp", epochs = 3, batchSize = 32, limit = 300, seed = 5 });
        var job = await WaitFor(created, RunStatus.Completed);
        var models = await _client.GetJson<ModelResponse[]>("/api/models");
        var ensemble = await _client.PostJson("/api/ensembles", new { name = "with-fresh", method = "Average", weights = new { fresh = 1 } });
        var sample = (await _client.GetJson<SampleResponse[]>("/api/samples?task=digits&count=1"))[0];
        var prediction = await (await _client.PostJson("/api/predict", new { ensemble = "with-fresh", instances = new[] { new { pixels = sample.Pixels } } }))
            .Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json);

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal("fresh", job.Results.Model?.Name);
        Assert.Equal(300, job.Results.TrainImages);
        Assert.Equal(3, job.Results.Epochs.Count);
        Assert.InRange(job.Results.Validation!.Accuracy, 0.3, 1.0);
        Assert.NotNull(job.Results.Test);
        var model = Assert.Single(models, m => m.Name == "fresh");
        Assert.Equal(job.Results.Model!.Sha256, model.Sha256);
        Assert.Equal(HttpStatusCode.Created, ensemble.StatusCode);
        Assert.Equal(EnsembleAppFactory.Digits, job.Task);
        Assert.Equal(EnsembleAppFactory.Digits, model.Task);
        Assert.Equal(["fresh"], prediction!.Weights.Keys);
        Assert.Equal(EnsembleAppFactory.Digits, prediction.Task);
        Assert.True(File.Exists(Path.Combine(factory.DigitsDirectory, "fresh.json")));
        // The sidecar carries the task's classes and states the output, so serving does not probe it.
        Assert.Equal((Ensemble.Core.Adapters.OutputKind.Probabilities, false), (model.Adapter!.OutputKind, model.Adapter.OutputKindDetected));
    }

    [Fact]
    public async Task ATakenName_IsRefused_AndAnUnnamedJobNeverOverwrites()
    {
        var taken = await _client.PostJson("/api/training/jobs", new { name = "residual", task = EnsembleAppFactory.Digits, architecture = "mlp", epochs = 1, limit = 100 });
        File.Copy(Path.Combine(factory.ModelsDirectory, "separable.onnx"), Path.Combine(factory.ModelsDirectory, "decoy.onnx"));
        var first = await WaitFor(await _client.PostJson("/api/training/jobs", new { task = EnsembleAppFactory.Digits, architecture = "mlp", epochs = 1, limit = 100, width = 0.25, randomErasing = 0.5, labelSmoothing = 0.1, cutMix = 0.3 }), RunStatus.Completed);

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal($"mlp-{first.Id}", first.Results.Model?.Name);
        var card = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(factory.DigitsDirectory, $"mlp-{first.Id}.json")))!;
        Assert.Equal(0.5, (double)card["hyperparameters"]!["randomErasing"]!, 6);
        Assert.Equal(0.1, (double)card["hyperparameters"]!["labelSmoothing"]!, 6);
        Assert.Equal(0.3, (double)card["hyperparameters"]!["cutMix"]!, 6);
        Assert.Contains("--random-erasing 0.5 --label-smoothing 0.1", (string?)card["command"]);
        Assert.Contains("--cutmix 0.3", (string?)card["command"]);
        Assert.Equal(File.ReadAllBytes(Path.Combine(factory.ModelsDirectory, "separable.onnx")), File.ReadAllBytes(Path.Combine(factory.ModelsDirectory, "decoy.onnx")));
    }

    [Fact]
    public async Task Cancelling_StopsTheJob_AndLeavesNoModelFile()
    {
        var before = Directory.GetFiles(factory.DigitsDirectory).Order().ToArray();
        var created = await _client.PostJson("/api/training/jobs", new { name = "never", task = EnsembleAppFactory.Digits, architecture = "separable", epochs = 50 });
        var id = (await created.Content.ReadFromJsonAsync<TrainingJobResponse>(ApiClient.Json))!.Id;
        await factory.Until(engine => engine.Progress<TrainingProgress>(RunKind.TrainingJob, id) is { Batch: > 0 });

        var cancel = await _client.PostAsync($"/api/training/jobs/{id}/cancel", null);
        var job = await WaitFor(id, RunStatus.Cancelled);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Null(job.Results.Model);
        // Tests of one class run one after another, so nothing else writes to the folder meanwhile.
        Assert.Equal(before, Directory.GetFiles(factory.DigitsDirectory).Order());
        Assert.False(Directory.Exists(Path.Combine(factory.RepositoryDirectory, ".staging")) && Directory.EnumerateFileSystemEntries(Path.Combine(factory.RepositoryDirectory, ".staging")).Any());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/api/training/jobs/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task AJobInterruptedByARestart_ShowsAsInterrupted_AndResumesFromItsCheckpoint()
    {
        _ = factory.CreateClient();
        var options = new TrainingOptions { Architecture = "mlp", Width = 0.5f, Epochs = 2, Limit = 256, Seed = 7 };
        var checkpoints = factory.Services.GetRequiredService<CheckpointPaths>();
        int id;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<EnsembleDbContext>>().CreateDbContextAsync())
        {
            var record = new TrainingJobRecord { Task = EnsembleAppFactory.Digits, Options = options, Status = RunStatus.Running, RequestedName = "survivor" };
            db.TrainingJobs.Add(record);
            await db.SaveChangesAsync();
            id = record.Id;
        }

        // What a crash after the first epoch leaves: its checkpoint, and the job still marked running.
        var (data, _) = TrainingSplits.Load(factory.DigitsDirectory);
        var firstEpoch = new Trainer().Run(options, data, checkpoints.Job(id), stopAfterEpoch: 1).History.Single();

        using var restarted = new EnsembleAppFactory { DatabasePath = factory.DatabasePath, CheckpointDirectory = factory.CheckpointDirectory };
        var client = restarted.CreateClient();
        var after = await client.GetJson<TrainingJobResponse>($"/api/training/jobs/{id}");
        var resume = await client.PostAsync($"/api/training/jobs/{id}/resume", null);
        await restarted.EndOf(RunKind.TrainingJob, id);
        var finished = await client.GetJson<TrainingJobResponse>($"/api/training/jobs/{id}");

        Assert.Equal(RunStatus.Interrupted, after.Status);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal(RunStatus.Completed, finished!.Status);
        Assert.Equal([1, 2], finished.Results.Epochs.Select(e => e.Epoch));
        Assert.Equal(firstEpoch, finished.Results.Epochs[0]);
        Assert.Equal("survivor", finished.Results.Model?.Name);
        Assert.False(File.Exists(checkpoints.Job(id)));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/training/jobs/{id}/resume", null)).StatusCode);
    }

    [Theory]
    [InlineData("""{"architecture":"transformer"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"epochs":0}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"width":9}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"learningRate":-1}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"batchSize":100000}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"Not A Name!"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"fashion-mnist-uniform"}""", HttpStatusCode.Conflict)]
    [InlineData("""{"optimizer":"Lion"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"task":"ghost"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"task":"digits","architecture":"residual","width":9}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"epochs":"many"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"labelSmoothing":1}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"randomErasing":1.5}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"cutMix":-0.5}""", HttpStatusCode.BadRequest)]
    public async Task BadJobs_AreRefused_WithProblemDetails(string body, HttpStatusCode expected)
    {
        var response = await _client.PostAsync("/api/training/jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SwaggerExamples_ForJobsAndSearches_AreValidRequests()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var schemas = document["components"]!["schemas"]!;
        var job = schemas["TrainingJobRequest"]!["example"].Deserialize<TrainingJobRequest>(ApiClient.Json)!;
        var search = schemas["SearchRequest"]!["example"].Deserialize<Ensemble.Core.Searches.SearchRequest>(ApiClient.Json)!;

        job.ToOptions().Validate();
        Assert.Equal("vgg", job.Architecture);
        Assert.Null(search.Space!.Problem());
        Assert.Null(search.Budget!.Problem());
        foreach (var path in new[] { "/api/training/jobs", "/api/training/searches" })
        {
            Assert.NotNull(document["paths"]![path]!["post"]!["description"]);
        }
    }

    [Fact]
    public async Task UnknownJob_Gets404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/training/jobs/99999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/training/jobs/99999/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/training/jobs/99999/resume", null)).StatusCode);
    }

    [Fact]
    public async Task WithoutTheTrainingData_AJobIsRefusedWith503_NamingThePackage()
    {
        // The factory points Fashion-MNIST's train split at a folder that does not exist.
        var response = await _client.PostJson("/api/training/jobs", new { architecture = "mlp" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("dataset-fashion-mnist", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APresetTheTaskIsTooSmallFor_IsRefused_SayingWhy()
    {
        var folder = Path.Combine(factory.RepositoryDirectory, "tiny");
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.WriteAllText(Path.Combine(folder, "task.json"), """{"kind":"image","input":{"channels":1,"height":4,"width":4},"classes":["a","b"]}""");
        factory.Services.GetRequiredService<Ensemble.Core.Models.ModelRegistry>().Reload();

        var response = await _client.PostJson("/api/training/jobs", new { task = "tiny", architecture = "residual" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("4×4 input leaves 1×1", await response.Content.ReadAsStringAsync());
    }

    private async Task<TrainingJobResponse> WaitFor(HttpResponseMessage created, RunStatus status)
    {
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return await WaitFor((await created.Content.ReadFromJsonAsync<TrainingJobResponse>(ApiClient.Json))!.Id, status);
    }

    private async Task<TrainingJobResponse> WaitFor(int id, RunStatus status)
    {
        await factory.EndOf(RunKind.TrainingJob, id);
        var job = await _client.GetJson<TrainingJobResponse>($"/api/training/jobs/{id}");
        Assert.True(status == job.Status, job.Error);
        return job;
    }
}
