using System.Net;
using Ensemble.Web.Endpoints.Samples;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class RateLimitAndHeadersTests
{
    [Fact]
    public async Task AClientOverItsRate_Gets429ProblemDetails_WithRetryAfter_AndOtherEndpointsStayOpen()
    {
        using var app = new EnsembleAppFactory { Settings = new Dictionary<string, string> { ["RateLimiting:PermitsPerSecond"] = "1", ["RateLimiting:Burst"] = "2" } };
        var client = app.CreateClient();
        var sample = (await client.GetJson<SampleResponse[]>("/api/samples?count=1"))[0];
        var body = new { instances = new[] { new { pixels = sample.Pixels } } };

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await client.PostJson("/api/predict", body);
            statuses.Add(response.StatusCode);
            rejected ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        // Two tokens in the bucket and one more per second: four quick requests cannot all pass.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(2));
        Assert.NotNull(rejected);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.InRange(int.Parse(rejected.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 2);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/models")]
    public async Task Responses_CarryTheSecurityHeaders(string path)
    {
        using var app = new EnsembleAppFactory();
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
