using System.Net;
using System.Net.Http.Json;
using Ensemble.Core.Jobs;
using Ensemble.Core.Searches;
using Ensemble.Web.Endpoints.Training;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class SearchesApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task SuccessiveHalving_ContinuesTheBestThirdAtEachRung_AndStoresWhyTheOthersStopped()
    {
        var created = await _client.PostJson("/api/training/searches", new
        {
            space = new { architectures = new[] { "mlp" }, widthMin = 0.25, widthMax = 0.5 },
            budget = new { trials = 9, minEpochs = 1, maxEpochs = 9, eta = 3, trainImages = 128, validationImages = 100, batchSize = 32, seed = 4 },
        });
        var search = await WaitFor(created, TrainingStatus.Completed);
        var trials = search.Trials!;

        // 9 trials train 1 epoch, the best 3 go on to 3 epochs, the best of those to 9.
        Assert.Equal([new Rung(9, 1), new Rung(3, 3), new Rung(1, 9)], Assert.Single(search.Brackets).Rungs);
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
        Assert.Equal(21, search.EpochsDone);
        Assert.Equal(search.EpochsPlanned, search.EpochsDone);
        Assert.Equal(winner.Number, search.BestTrial);
    }

    [Fact]
    public async Task PromotingTheBestTrial_QueuesAFullJobWithItsHyperparameters()
    {
        var search = await WaitFor(await _client.PostJson("/api/training/searches", new
        {
            space = new { architectures = new[] { "mlp" }, widthMin = 0.25, widthMax = 0.25 },
            budget = new { trials = 2, minEpochs = 1, maxEpochs = 2, eta = 2, trainImages = 64, validationImages = 100 },
        }), TrainingStatus.Completed);
        var best = search.Trials!.Single(t => t.Number == search.BestTrial);

        var promoted = await _client.PostJson($"/api/training/searches/{search.Id}/promote", new { epochs = 3 });
        var job = (await promoted.Content.ReadFromJsonAsync<TrainingJobResponse>(ApiClient.Json))!;
        await _client.PostAsync($"/api/training/jobs/{job.Id}/cancel", null);
        var after = await _client.GetJson<SearchResponse>($"/api/training/searches/{search.Id}");

        Assert.Equal(HttpStatusCode.Accepted, promoted.StatusCode);
        Assert.Equal((best.Configuration.Architecture, best.Configuration.LearningRate, best.Configuration.Width), (job.Options.Architecture, job.Options.LearningRate, job.Options.Width));
        Assert.Equal((3, (int?)null, search.Id, best.Number), (job.Options.Epochs, job.Options.Limit, job.SearchId!.Value, job.SearchTrial!.Value));
        Assert.Equal(job.Id, after.PromotedJobId);
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

    private async Task<SearchResponse> WaitFor(HttpResponseMessage created, TrainingStatus status)
    {
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<SearchResponse>(ApiClient.Json))!.Id;
        SearchResponse? search = null;
        await Polling.Until(async () => (search = await _client.GetJson<SearchResponse>($"/api/training/searches/{id}")).Status is not (TrainingStatus.Queued or TrainingStatus.Running));
        Assert.True(status == search!.Status, search.Error);
        return search;
    }
}
