using System.Net;
using System.Net.Http.Json;
using Ensemble.Core.Tuning;
using Ensemble.Web.Endpoints.Studies;
using Ensemble.Web.Tests.Runs;

namespace Ensemble.Web.Tests.Endpoints;

/// <summary>The test app's default ensemble: residual (45.41 MFLOP per input) and separable (10.78), 56.19 together.</summary>
public sealed class StudyLimitTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("RandomSearch", 50)]
    [InlineData("Greedy", 50)]
    [InlineData("LogLossOptimum", 50)]
    [InlineData("LogLossOptimum", 60)]
    public async Task AStudyWithAnMflopLimit_NeverServesOverIt_AndSaysWhatItsResultCosts(string strategy, double mflop)
    {
        var created = await _client.PostJson("/api/studies", new { strategy, budget = 50, folds = 2, limit = new { mflop } });
        var study = await Completed(created);

        var running = study.Settings.Members.Where((_, i) => study.Results!.Weights[i] > 0).Select(m => m.Model).ToList();
        var cost = running.Sum(m => m == "residual" ? 45.41 : 10.78);
        Assert.Equal(new CostLimit(Mflop: mflop), study.Settings.Limit);
        Assert.True(cost <= mflop, $"{string.Join(", ", running)}: {cost} MFLOP");
        Assert.Equal(cost, study.Results!.Cost!.Value, 2);
        // Under 56.19 only one member fits at a time; above it, both may serve.
        Assert.True(mflop < 56.19 ? running.Count == 1 : running.Count >= 1);
    }

    [Fact]
    public async Task EveryStudy_ReportsItsAccuracyCostFront_CheapestFirst_FromTheCheapestMemberAlone()
    {
        // An ensemble of its own: applying a point of the front changes it, and the other tests tune the default one.
        (await _client.PostJson("/api/ensembles", new { name = "front", method = "Average", weights = new { residual = 1, separable = 1 } })).EnsureSuccessStatusCode();
        var study = await Completed(await _client.PostJson("/api/studies", new { ensemble = "front", strategy = "Greedy", budget = 10, folds = 2 }));

        var front = study.Pareto!;
        var separable = study.Settings.Members.ToList().FindIndex(m => m.Model == "separable");
        // Nothing is cheaper than the cheapest member alone, so it always leads the front.
        Assert.Equal(10.78, front[0].Mflop, 2);
        Assert.Equal(1f, front[0].Weights[separable]);
        Assert.All(front.Zip(front.Skip(1)), pair => Assert.True(pair.First.Mflop < pair.Second.Mflop && pair.First.HeldOut.Accuracy < pair.Second.HeldOut.Accuracy));
        Assert.All(front, p => Assert.InRange(p.Test.Accuracy, 0.5, 1.0));

        var missing = await _client.PostAsync($"/api/studies/{study.Id}/apply?point={front.Count}", null);
        var applied = await _client.PostAsync($"/api/studies/{study.Id}/apply?point=0", null);
        var version = await _client.GetJson<Ensemble.Web.Endpoints.Ensembles.EnsembleResponse>($"/api/ensembles/{study.Ensemble}");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains($"has {front.Count} points", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(["separable"], version.Members.Where(m => m.Weight > 0).Select(m => m.Model));
    }

    [Theory]
    [InlineData("""{"limit":{"mflop":10}}""", HttpStatusCode.BadRequest, "below the cheapest member, 'separable' at 10.78 MFLOP")]
    [InlineData("""{"limit":{"mflop":-5}}""", HttpStatusCode.BadRequest, "positive number of MFLOP")]
    [InlineData("""{"limit":{"mflop":"lots"}}""", HttpStatusCode.BadRequest, "")]
    [InlineData("""{"limit":{}}""", HttpStatusCode.BadRequest, "names \\\"mflop\\\" or \\\"milliseconds\\\"")]
    [InlineData("""{"limit":{"mflop":100,"milliseconds":2}}""", HttpStatusCode.BadRequest, "not both")]
    [InlineData("""{"limit":{"milliseconds":2}}""", HttpStatusCode.Conflict, "has no measured time yet")]
    public async Task ALimitThatCannotBeMet_OrRead_IsRefusedWithTheReason(string body, HttpStatusCode expected, string reason)
    {
        var before = (await _client.GetJson<StudyResponse[]>("/api/studies")).Length;

        var response = await _client.PostAsync("/api/studies", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await _client.GetJson<StudyResponse[]>("/api/studies")).Length);
    }

    private async Task<StudyResponse> Completed(HttpResponseMessage created)
    {
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<StudyResponse>(ApiClient.Json))!.Id;
        await factory.EndOf(RunKind.Study, id);
        var study = await _client.GetJson<StudyResponse>($"/api/studies/{id}");
        Assert.True(study.Status == RunStatus.Completed, study.Error);
        return study;
    }
}
