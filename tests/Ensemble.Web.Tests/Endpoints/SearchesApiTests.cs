using System.Net;
using System.Net.Http.Json;
using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Searches;
using Ensemble.Web.Endpoints.Training;
using Ensemble.Web.Tests.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class SearchesApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task SuccessiveHalving_ContinuesTheBestThirdAtEachRung_AndStoresWhyTheOthersStopped()
    {
        var created = await _client.PostJson("/api/training/searches", new
        {
            task = EnsembleAppFactory.Digits,
            space = new { architectures = new[] { "mlp" }, widthMin = 0.25, widthMax = 0.5 },
            budget = new { trials = 9, minEpochs = 1, maxEpochs = 9, eta = 3, trainImages = 128, validationImages = 100, batchSize = 32, seed = 4 },
        });
        var search = await WaitFor(created, RunStatus.Completed);
        var trials = search.Trials!;

        // 9 trials train 1 epoch, the best 3 go on to 3 epochs, the best of those to 9.
        Assert.Equal([new Rung(9, 1), new Rung(3, 3), new Rung(1, 9)], Assert.Single(search.Settings.Brackets).Rungs);
        Assert.Equal(9, trials.Count);
        Assert.Equal([6, 2, 1], Enumerable.Range(0, 3).Select(r => trials.Count(t => t.Rung == r)));
        Assert.All(trials.Where(t => t.Rung == 0), t => Assert.Equal((TrialOutcome.Stopped, 1), (t.Outcome, t.Curve.Count)));
        Assert.All(trials.Where(t => t.Rung == 1), t => Assert.Equal((TrialOutcome.Stopped, 3), (t.Outcome, t.Curve.Count)));
        var winner = Assert.Single(trials, t => t.Rung == 2);
        Assert.Equal((TrialOutcome.Completed, 9), (winner.Outcome, winner.Curve.Count));
        // Those that went on had the best accuracy at the rung where the others stopped.
        var continued = trials.Where(t => t.Rung >= 1).Select(t => t.Curve[0].ValidationAccuracy).Min();
        Assert.All(trials.Where(t => t.Rung == 0), t => Assert.True(t.ValidationAccuracy <= continued));
        Assert.All(trials.Where(t => t.Outcome == TrialOutcome.Stopped), t => Assert.StartsWith("Stopped early: rank", t.Reason));
        Assert.Equal(21, search.Results.EpochsDone);
        Assert.Equal(search.Settings.EpochsPlanned, search.Results.EpochsDone);
        Assert.Equal(winner.Number, search.Results.Best!.Trial);
    }

    [Fact]
    public async Task ATpeSearch_OverTheRicherSpace_ProposesFromItsTrials_AndExplainsWhichTrialWon()
    {
        var created = await _client.PostJson("/api/training/searches", new
        {
            task = EnsembleAppFactory.Digits,
            space = new
            {
                architectures = new[] { "mlp" },
                widthMin = 0.25,
                widthMax = 0.5,
                optimizers = new[] { "AdamW", "Sgd" },
                batchSizes = new[] { 16, 32 },
                labelSmoothingMin = 0.0,
                labelSmoothingMax = 0.2,
                augment = new[] { false },
            },
            budget = new { mode = "Full", sampler = "Tpe", startupTrials = 4, trials = 8, maxEpochs = 1, trainImages = 128, validationImages = 100, seed = 5 },
        });
        var search = await WaitFor(created, RunStatus.Completed);
        var analysis = await _client.GetJson<Ensemble.Core.Searches.Analysis.SearchAnalysis>($"/api/training/searches/{search.Id}/analysis");

        Assert.Equal(("Tpe", "Full"), (search.Settings.Budget.Sampler.ToString(), search.Settings.Budget.Mode.ToString()));
        Assert.Equal(8, search.Trials!.Count);
        Assert.All(search.Trials, t => Assert.Equal((TrialOutcome.Completed, 1), (t.Outcome, t.Curve.Count)));
        Assert.Contains(search.Trials, t => t.Configuration.Optimizer == Ensemble.Training.Optimizers.OptimizerKind.Sgd);
        Assert.All(search.Trials, t => Assert.Contains(t.Configuration.BatchSize!.Value, new[] { 16, 32 }));
        Assert.All(search.Trials, t => Assert.InRange(t.Configuration.LabelSmoothing, 0f, 0.2f));
        // The history is every trial's score in order, with the best so far never falling.
        Assert.Equal(search.Trials.Select(t => t.Number), analysis.History.Select(h => h.Trial));
        Assert.Equal(search.Trials.Select(t => t.ValidationAccuracy!.Value), analysis.History.Select(h => h.Score));
        Assert.Equal(search.Results.Best!.ValidationAccuracy, analysis.History[^1].BestSoFar, 12);
        Assert.Equal(["width", "learningRate", "weightDecay", "optimizer", "batchSize", "labelSmoothing"], analysis.Dimensions.Select(d => d.Name));
        Assert.All(analysis.Dimensions, d => Assert.Equal(8, d.Values.Count));
        Assert.Equal(1.0, analysis.Importance.Sum(i => i.Importance), 9);
        Assert.Equal((1, 8), (analysis.ImportanceEpochs, analysis.ImportanceTrials));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/training/searches/999/analysis")).StatusCode);
    }

    [Fact]
    public async Task PromotingTheBestTrial_QueuesAFullJobWithItsHyperparameters()
    {
        var search = await WaitFor(await _client.PostJson("/api/training/searches", new
        {
            task = EnsembleAppFactory.Digits,
            space = new { architectures = new[] { "mlp" }, widthMin = 0.25, widthMax = 0.25, augment = new[] { true }, cutMixMin = 0.3, cutMixMax = 0.3 },
            budget = new { trials = 2, minEpochs = 1, maxEpochs = 2, eta = 2, trainImages = 64, validationImages = 100 },
        }), RunStatus.Completed);
        var best = search.Trials!.Single(t => t.Number == search.Results.Best!.Trial);

        var promoted = await _client.PostJson($"/api/training/searches/{search.Id}/promote", new { epochs = 3 });
        var job = (await promoted.Content.ReadFromJsonAsync<TrainingJobResponse>(ApiClient.Json))!;
        await _client.PostAsync($"/api/training/jobs/{job.Id}/cancel", null);
        var after = await _client.GetJson<SearchResponse>($"/api/training/searches/{search.Id}");

        Assert.Equal(HttpStatusCode.Accepted, promoted.StatusCode);
        Assert.Equal((best.Configuration.Architecture, best.Configuration.LearningRate, best.Configuration.Width), (job.Settings.Options.Architecture, job.Settings.Options.LearningRate, job.Settings.Options.Width));
        Assert.Equal((3, (int?)null, search.Id, best.Number), (job.Settings.Options.Epochs, job.Settings.Options.Limit, job.Settings.PromotedFrom!.SearchId, job.Settings.PromotedFrom.Trial));
        Assert.Equal((0.3f, 0.3f), (best.Configuration.CutMix, job.Settings.Options.CutMix));
        Assert.Equal(job.Id, after.Results.PromotedJobId);
    }

    [Theory]
    [InlineData("Random")]
    [InlineData("Tpe")]
    [InlineData("Gp")]
    public async Task AnInterruptedSearch_ResumesFromItsCheckpoints_AndEndsWhereAStraightRunEnds(string sampler)
    {
        var request = new
        {
            // Big enough that a trial trains for about a second, so the shutdown lands while one trains. With TPE and
            // GP the third and fourth trials are proposed from the ones before them: the resumed run must see the same.
            task = EnsembleAppFactory.Digits,
            space = new { architectures = new[] { "separable" }, widthMin = 0.25, widthMax = 0.25 },
            budget = new { trials = 4, minEpochs = 1, maxEpochs = 4, eta = 2, trainImages = 2_000, validationImages = 200, batchSize = 64, seed = 9, sampler, startupTrials = 2 },
        };
        var straight = await WaitFor(await _client.PostJson("/api/training/searches", request), RunStatus.Completed);

        // The same search in an app that shuts down once two trials have trained, then resumes in the next one. The
        // training thread is held at its first report after that until the shutdown, so the shutdown lands while a trial
        // trains however late this thread gets to it (the epochs done only grow; the trial number falls at each rung).
        var folder = Directory.CreateTempSubdirectory("ensemble-resumed-search").FullName;
        var (database, training) = (Path.Combine(folder, "ensemble.db"), Path.Combine(folder, "training"));
        var first = new EnsembleAppFactory { DatabasePath = database, CheckpointDirectory = training };
        var stopping = first.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var twoTrained = new RunHold(first, change => change.Progress is SearchProgress { EpochsDone: >= 2 }, stopping.WaitHandle);
        var id = (await (await first.CreateClient().PostJson("/api/training/searches", request)).Content.ReadFromJsonAsync<SearchResponse>(ApiClient.Json))!.Id;
        await twoTrained.Reached;
        await first.DisposeAsync();
        using var second = new EnsembleAppFactory { DatabasePath = database, CheckpointDirectory = training };
        var client = second.CreateClient();
        var interrupted = await client.GetJson<SearchResponse>($"/api/training/searches/{id}");
        var resume = await client.PostAsync($"/api/training/searches/{id}/resume", null);
        await second.EndOf(RunKind.Search, id);
        var resumed = await client.GetJson<SearchResponse>($"/api/training/searches/{id}");
        await second.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        Assert.Equal(RunStatus.Interrupted, interrupted.Status);
        Assert.Contains(interrupted.Trials!, t => t.Outcome == TrialOutcome.Cancelled && t.Reason == "The process stopped while it trained.");
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(straight.Settings.EpochsPlanned, resumed.Results.EpochsDone);
        Assert.Equal(straight.Results.Best, resumed.Results.Best);
        Assert.Equal(
            straight.Trials!.Select(t => (t.Number, t.Configuration, t.Outcome, t.Rung, t.Reason, Curve: string.Join(",", t.Curve.Select(e => e.ValidationAccuracy)))),
            resumed.Trials!.Select(t => (t.Number, t.Configuration, t.Outcome, t.Rung, t.Reason, Curve: string.Join(",", t.Curve.Select(e => e.ValidationAccuracy)))));
        Assert.False(Directory.Exists(Path.Combine(training, $"search-{id}")));
    }

    [Theory]
    [InlineData("""{"space":{"architectures":["lenet"]}}""")]
    [InlineData("""{"space":{"learningRateMin":0.1,"learningRateMax":0.01}}""")]
    [InlineData("""{"space":{"widthMin":0.1}}""")]
    [InlineData("""{"budget":{"eta":1}}""")]
    [InlineData("""{"budget":{"maxEpochs":0}}""")]
    [InlineData("""{"budget":{"mode":"Bayesian"}}""")]
    public async Task BadSearches_AreRefused_WithProblemDetails(string body)
    {
        var response = await _client.PostAsync("/api/training/searches", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownSearch_Gets404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/training/searches/99999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/training/searches/99999/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJson("/api/training/searches/99999/promote", new { })).StatusCode);
    }

    private async Task<SearchResponse> WaitFor(HttpResponseMessage created, RunStatus status)
    {
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<SearchResponse>(ApiClient.Json))!.Id;
        await factory.EndOf(RunKind.Search, id);
        var search = await _client.GetJson<SearchResponse>($"/api/training/searches/{id}");
        Assert.True(status == search.Status, search.Error);
        return search;
    }
}
