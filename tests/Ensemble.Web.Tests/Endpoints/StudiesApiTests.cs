using System.Net;
using System.Net.Http.Json;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Studies;
using Ensemble.Core.Tuning;
using Ensemble.Core.Versions;
using Ensemble.Web.Endpoints.Predict;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Endpoints.Studies;
using Ensemble.Web.Tests.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class StudiesApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task RandomSearch_RunsToCompletion_StoresEveryTrial_AndApplyingChangesServing()
    {
        await _client.PostJson("/api/ensembles", new { name = "tuned", method = "Average", weights = new { residual = 1, separable = 1 } });

        var created = await _client.PostJson("/api/studies", new { ensemble = "tuned", strategy = "RandomSearch", budget = 200, folds = 5, seed = 3 });
        var study = await WaitFor(created, RunStatus.Completed);
        var page = await _client.GetJson<TrialPage>($"/api/studies/{study.Id}/trials?page=1&pageSize=300");
        var applied = await (await _client.PostAsync($"/api/studies/{study.Id}/apply", null)).Content.ReadFromJsonAsync<EnsembleVersionInfo>(ApiClient.Json);
        var sample = (await _client.GetJson<SampleResponse[]>("/api/samples?count=1"))[0];
        var prediction = await (await _client.PostJson("/api/predict", new { ensemble = "tuned", instances = new[] { new { pixels = sample.Pixels } } }))
            .Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json);

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal(1_000, study.TrialsDone);
        Assert.Equal(1_000, page.Total);
        Assert.Equal(300, page.Trials.Count);
        Assert.All(page.Trials, t => Assert.Equal(1.0, t.Weights.Sum(), 1e-5));
        Assert.NotNull(study.Results);
        Assert.NotNull(study.Baselines);
        Assert.Contains(study.Baselines.BestSingle.Model, new[] { "residual", "separable" });
        Assert.Equal((Provenance.Study, study.Id, 2, true), (applied!.Provenance, applied.StudyId!.Value, applied.Version, applied.Active));
        Assert.Equal(2, prediction!.Version);
        Assert.Equal(study.Results.Weights[0], prediction.Weights["residual"], 1e-6f);
    }

    [Theory]
    [InlineData("Greedy", 10)]
    [InlineData("LogLossOptimum", 1000)]
    public async Task OtherStrategies_Complete_WithHeldOutAndTestScores(string strategy, int budget)
    {
        var study = await WaitFor(await _client.PostJson("/api/studies", new { strategy, budget, holdoutFraction = 0.3 }), RunStatus.Completed);

        Assert.Equal(1, study.Settings.Folds);
        Assert.InRange(study.Results!.HeldOut.Accuracy, 0.85, 1.0);
        Assert.InRange(study.Results.Test.Accuracy, 0.85, 1.0);
        Assert.Equal(1.0, study.Results.Weights.Sum(), 1e-5);
    }

    [Fact]
    public async Task LogLossOptimum_SaysWhetherItsBudgetLetItConverge()
    {
        var converged = await WaitFor(await _client.PostJson("/api/studies", new { strategy = "LogLossOptimum", budget = 1000, folds = 2 }), RunStatus.Completed);
        var capped = await WaitFor(await _client.PostJson("/api/studies", new { strategy = "LogLossOptimum", budget = 1, folds = 2 }), RunStatus.Completed);
        var search = await WaitFor(await _client.PostJson("/api/studies", new { strategy = "RandomSearch", budget = 5, folds = 2 }), RunStatus.Completed);

        Assert.InRange(converged.Results!.OptimalityGap!.Value, 0, LogLossOptimum.DefaultTolerance);
        Assert.True(capped.Results!.OptimalityGap > LogLossOptimum.DefaultTolerance, $"gap {capped.Results.OptimalityGap}");
        Assert.Null(search.Results!.OptimalityGap);
    }

    [Fact]
    public async Task Cancel_StopsARunningStudy_AndKeepsItsTrials()
    {
        var created = await _client.PostJson("/api/studies", new { strategy = "RandomSearch", budget = 1_000_000, folds = 2 });
        var id = (await created.Content.ReadFromJsonAsync<StudyResponse>(ApiClient.Json))!.Id;
        await factory.Until(engine => engine.Progress<StudyProgress>(RunKind.Study, id) is { Done: > 0 });

        var cancel = await _client.PostAsync($"/api/studies/{id}/cancel", null);
        var study = await WaitFor(id, RunStatus.Cancelled);
        var page = await _client.GetJson<TrialPage>($"/api/studies/{id}/trials?pageSize=10");

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.True(page.Total > 0);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/api/studies/{id}/apply", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/api/studies/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task AStudyRunningWhenTheProcessDied_ShowsAsInterrupted_WithItsTrials()
    {
        _ = factory.CreateClient();
        int id;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<EnsembleDbContext>>().CreateDbContextAsync())
        {
            // What a crash leaves behind: a Running study with some trials written.
            var study = new StudyRecord { Ensemble = "fashion-mnist-uniform", Members = [new("residual", "x"), new("separable", "y")], Status = RunStatus.Running, Budget = 10, Folds = 5, Alpha = 1, TrialsDone = 2 };
            db.Studies.Add(study);
            await db.SaveChangesAsync();
            id = study.Id;
            db.Trials.AddRange(
                new TrialRecord { StudyId = id, Fold = 1, Number = 1, Weights = [0.5f, 0.5f] },
                new TrialRecord { StudyId = id, Fold = 1, Number = 2, Weights = [0.2f, 0.8f] });
            await db.SaveChangesAsync();
        }

        using var restarted = new EnsembleAppFactory { DatabasePath = factory.DatabasePath };
        var client = restarted.CreateClient();
        var after = await client.GetJson<StudyResponse>($"/api/studies/{id}");
        var trials = await client.GetJson<TrialPage>($"/api/studies/{id}/trials");

        Assert.Equal(RunStatus.Interrupted, after.Status);
        Assert.Equal(2, trials.Total);
    }

    [Theory]
    [InlineData("""{"ensemble":"ghost"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"task":"ghost"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"budget":0}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"folds":1}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"holdoutFraction":1.5}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"alpha":-1}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"strategy":"Bayesian"}""", HttpStatusCode.BadRequest)]
    public async Task Create_BadRequests_AreRefused(string body, HttpStatusCode expected)
    {
        var response = await _client.PostAsync("/api/studies", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownStudy_Gets404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/studies/99999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/studies/99999/trials")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/studies/99999/apply", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/studies/99999/cancel", null)).StatusCode);
    }

    private async Task<StudyResponse> WaitFor(HttpResponseMessage created, RunStatus status)
    {
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return await WaitFor((await created.Content.ReadFromJsonAsync<StudyResponse>(ApiClient.Json))!.Id, status);
    }

    private async Task<StudyResponse> WaitFor(int id, RunStatus status)
    {
        await factory.EndOf(RunKind.Study, id);
        var study = await _client.GetJson<StudyResponse>($"/api/studies/{id}");
        Assert.True(status == study.Status, study.Error);
        return study;
    }
}
