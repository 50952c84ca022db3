using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace Ensemble.Web.Tests.Endpoints;

/// <summary>Every client mistake gets a problem-details response with the right status, never a 500.</summary>
public sealed class BadInputTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private static readonly float[] Valid = new float[784];
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string, HttpStatusCode> JsonCases() => new()
    {
        { "wrong pixel count", Body(new { instances = new[] { new { pixels = new float[783] } } }), HttpStatusCode.BadRequest },
        { "pixel above 1", Body(new { instances = new[] { new { pixels = Pixels(1.5f) } } }), HttpStatusCode.BadRequest },
        { "negative pixel", Body(new { instances = new[] { new { pixels = Pixels(-0.1f) } } }), HttpStatusCode.BadRequest },
        { "NaN pixel", """{"instances":[{"pixels":[NaN]}]}""", HttpStatusCode.BadRequest },
        { "infinite pixel", """{"instances":[{"pixels":[1e999]}]}""", HttpStatusCode.BadRequest },
        { "no instances", Body(new { instances = Array.Empty<object>() }), HttpStatusCode.BadRequest },
        { "missing instances", "{}", HttpStatusCode.BadRequest },
        { "too many instances", Body(new { instances = Enumerable.Repeat(new { pixels = Valid }, 257) }), HttpStatusCode.BadRequest },
        { "unknown ensemble", Body(new { ensemble = "nope", instances = new[] { new { pixels = Valid } } }), HttpStatusCode.NotFound },
        { "negative weight", Body(new { weights = new Dictionary<string, double> { ["residual"] = -1, ["separable"] = 1 }, instances = new[] { new { pixels = Valid } } }), HttpStatusCode.BadRequest },
        { "all-zero weights", Body(new { weights = new Dictionary<string, double> { ["residual"] = 0, ["separable"] = 0 }, instances = new[] { new { pixels = Valid } } }), HttpStatusCode.BadRequest },
        { "weight for an unknown model", Body(new { weights = new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 1, ["ghost"] = 1 }, instances = new[] { new { pixels = Valid } } }), HttpStatusCode.BadRequest },
        { "weight missing a member", Body(new { weights = new Dictionary<string, double> { ["residual"] = 1 }, instances = new[] { new { pixels = Valid } } }), HttpStatusCode.BadRequest },
        { "undecodable base64", Body(new { instances = new[] { new { image = "%%%not base64%%%" } } }), HttpStatusCode.BadRequest },
        { "base64 of a non-image", Body(new { instances = new[] { new { image = Convert.ToBase64String("hello, world"u8.ToArray()) } } }), HttpStatusCode.BadRequest },
        { "image over the byte limit", Body(new { instances = new[] { new { image = Convert.ToBase64String(new byte[250_000]) } } }), HttpStatusCode.BadRequest },
        { "image over the pixel limit", Body(new { instances = new[] { new { image = Convert.ToBase64String(TestImages.Png(1200, 1000, SKColors.Gray)) } } }), HttpStatusCode.BadRequest },
        { "pixels and image together", Body(new { instances = new[] { new { pixels = Valid, image = "AAAA" } } }), HttpStatusCode.BadRequest },
        { "topK out of range", Body(new { topK = 11, instances = new[] { new { pixels = Valid } } }), HttpStatusCode.BadRequest },
        { "malformed JSON", """{"instances":[{"pixels":[0,0""", HttpStatusCode.BadRequest },
        { "wrong types", """{"instances":"many"}""", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(JsonCases))]
    public async Task Predict_BadRequest_GetsProblemDetails(string name, string body, HttpStatusCode expected)
    {
        var response = await _client.PostAsync("/api/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblem(response, expected, name);
    }

    [Fact]
    public async Task Predict_BodyOverTheLimit_Gets413FromKestrel()
    {
        // The body limit is Kestrel's, so this test runs the app on a real loopback port.
        using var kestrel = new EnsembleAppFactory();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        // Expect: 100-continue lets Kestrel refuse on Content-Length before the client sends the body. The client
        // must wait for that answer however busy the machine is: after its default 1 s it would send the body anyway,
        // into a connection Kestrel closes after refusing it (a broken pipe instead of the 413).
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) })
        {
            BaseAddress = kestrel.ClientOptions.BaseAddress,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/predict")
        {
            Content = new StringContent("{\"instances\":[" + new string(' ', 4_100_000) + "]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        var response = await client.SendAsync(request);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "oversized body");
    }

    [Fact]
    public async Task PredictImage_NotAnImage_GetsProblemDetails()
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent("plain text"u8.ToArray()), "file", "notes.txt" } };

        await AssertProblem(await _client.PostAsync("/api/predict/image", content), HttpStatusCode.BadRequest, "text upload");
        await AssertProblem(await _client.PostAsync("/api/predict/image", new StringContent("x")), HttpStatusCode.UnsupportedMediaType, "not multipart");
    }

    [Theory]
    [InlineData("/api/models/ghost")]
    [InlineData("/api/ensembles/ghost")]
    [InlineData("/api/samples?split=train")]
    [InlineData("/api/samples?count=0")]
    [InlineData("/api/samples?offset=10000")]
    public async Task Get_UnknownOrInvalid_GetsProblemDetails(string url)
    {
        var response = await _client.GetAsync(url);

        await AssertProblem(response, url.Contains("ghost") ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, url);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode expected, string name)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{name}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)expected, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
    }

    private static string Body(object value) => System.Text.Json.JsonSerializer.Serialize(value, ApiClient.Json);

    private static float[] Pixels(float first)
    {
        var pixels = new float[784];
        pixels[0] = first;
        return pixels;
    }
}
