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
