using System.Net;
using System.Net.Http.Json;
using Ensemble.Web.Tests.Endpoints;

namespace Ensemble.Web.Tests.Security;

public sealed class AdminKeyTests : IClassFixture<KeyedApp>
{
    private const string Key = KeyedApp.Key;
    private readonly KeyedApp _app;

    public AdminKeyTests(KeyedApp app) => _app = app;

    /// <summary>Every REST route that changes state, with a body its handler accepts or refuses on its merits.</summary>
    public static TheoryData<string, string, string?> MutatingRoutes => new()
    {
        { "POST", "/api/ensembles", """{"name":"keyed","method":"WeightedAverage","weights":{"residual":2,"separable":1}}""" },
        { "PUT", "/api/ensembles/fashion-mnist-uniform/weights", """{"weights":{"residual":1,"separable":3}}""" },
        { "POST", "/api/ensembles/fashion-mnist-uniform/versions/1/activate", null },
        { "POST", "/api/studies", """{"ensemble":"nope","strategy":"RandomSearch","budget":10}""" },
        { "POST", "/api/studies/999/cancel", null },
        { "POST", "/api/studies/999/apply", null },
        { "POST", "/api/training/jobs", """{"architecture":"nope"}""" },
        { "POST", "/api/training/jobs/999/cancel", null },
        { "POST", "/api/training/jobs/999/resume", null },
        { "POST", "/api/training/searches", """{"space":{"architectures":[]}}""" },
        { "POST", "/api/training/searches/999/cancel", null },
        { "POST", "/api/training/searches/999/promote", null },
        { "POST", "/api/tasks/digits/models", null },
    };

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task WithoutAKey_401_WithAWrongKey_403_AndNothingChanges(string method, string path, string? body)
    {
        var client = _app.Factory.CreateClient();
        var before = await client.GetStringAsync("/api/ensembles");

        var missing = await client.SendAsync(Request(method, path, body, key: null));
        var wrong = await client.SendAsync(Request(method, path, body, key: "guess"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await client.GetStringAsync("/api/ensembles"));
    }

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task WithTheKey_TheHandlerDecides(string method, string path, string? body)
    {
        var response = await _app.Factory.CreateClient().SendAsync(Request(method, path, body, Key));

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task WithTheKey_AnEnsembleIsCreatedReweightedAndRolledBack()
    {
        var client = _app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        var created = await client.PostJson("/api/ensembles", new { name = "owned", method = "WeightedAverage", weights = new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 1 } });
        var reweighted = await client.PutAsJsonAsync("/api/ensembles/owned/weights", new { weights = new Dictionary<string, double> { ["residual"] = 3, ["separable"] = 1 } }, ApiClient.Json);
        var activated = await client.PostAsync("/api/ensembles/owned/versions/1/activate", null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reweighted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
    }

    [Theory]
    [InlineData("/api/models")]
    [InlineData("/api/ensembles")]
    [InlineData("/api/studies")]
    [InlineData("/api/training/jobs")]
    [InlineData("/v2/models/fashion-mnist-uniform")]
    [InlineData("/")]
    [InlineData("/ensembles")]
    public async Task Reading_StaysOpen(string path) =>
        Assert.Equal(HttpStatusCode.OK, (await _app.Factory.CreateClient().GetAsync(path)).StatusCode);

    [Fact]
    public async Task Predicting_NeedsNoKey()
    {
        var client = _app.Factory.CreateClient();
        var sample = (await client.GetJson<Web.Endpoints.Samples.SampleResponse[]>("/api/samples?count=1"))[0];

        var response = await client.PostJson("/api/predict", new { instances = new[] { new { pixels = sample.Pixels } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Swagger_MarksTheKeyedOperations()
    {
        var document = await _app.Factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json");
        using var json = System.Text.Json.JsonDocument.Parse(document);
        var paths = json.RootElement.GetProperty("paths");

        Assert.True(paths.GetProperty("/api/ensembles").GetProperty("post").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/ensembles").GetProperty("get").TryGetProperty("security", out _));
        Assert.Equal("header", json.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("in").GetString());
    }

    private static HttpRequestMessage Request(string method, string path, string? body, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }
}
