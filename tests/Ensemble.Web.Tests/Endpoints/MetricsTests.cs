using System.Globalization;
using System.Text.RegularExpressions;
using Ensemble.Web.Endpoints.Samples;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_CountRequestsPerEndpoint_AndInferencesAndExecutionsPerModel()
    {
        using var app = new EnsembleAppFactory();
        var client = app.CreateClient();
        var samples = await client.GetJson<SampleResponse[]>("/api/samples?count=4");
        var before = await client.GetStringAsync("/metrics");

        // One batch of 4 and two batches of 1: 6 images in 3 runs per member.
        await client.PostJson("/api/predict", new { instances = samples.Select(s => new { pixels = s.Pixels }) });
        await client.PostJson("/api/predict", new { instances = new[] { new { pixels = samples[0].Pixels } } });
        await client.PostJson("/api/predict", new { instances = new[] { new { pixels = samples[1].Pixels } } });
        var after = await client.GetStringAsync("/metrics");

        Assert.Equal(6, Value(after, "ensemble_model_inferences", "residual") - Value(before, "ensemble_model_inferences", "residual"));
        Assert.Equal(3, Value(after, "ensemble_model_executions", "residual") - Value(before, "ensemble_model_executions", "residual"));
        Assert.Equal(3, Value(after, "ensemble_model_executions", "separable") - Value(before, "ensemble_model_executions", "separable"));
        Assert.Contains("ensemble_batch_size_count", after);
        Assert.Contains("ensemble_predictions{ensemble=\"fashion-mnist-uniform\"}", after);
        Assert.Matches(@"http_request_duration_seconds_bucket\{[^}]*endpoint=""/api/predict", after);
    }

    // Tests run many hosts in one process; each host's /metrics must count only its own work.
    [Fact]
    public async Task Metrics_CountOnlyThisHostsWork_WhenAnotherHostPredictsInTheSameProcess()
    {
        using var quiet = new EnsembleAppFactory();
        using var busy = new EnsembleAppFactory();
        var client = busy.CreateClient();
        var samples = await client.GetJson<SampleResponse[]>("/api/samples?count=2");
        var before = await quiet.CreateClient().GetStringAsync("/metrics");

        await client.PostJson("/api/predict", new { instances = samples.Select(s => new { pixels = s.Pixels }) });
        var after = await quiet.CreateClient().GetStringAsync("/metrics");

        Assert.Equal(2, Value(await client.GetStringAsync("/metrics"), "ensemble_model_inferences", "residual"));
        Assert.Equal(Value(before, "ensemble_model_inferences", "residual"), Value(after, "ensemble_model_inferences", "residual"));
        Assert.Matches(@"(?m)^process_working_set_bytes \d", after);
        Assert.Matches(@"(?m)^dotnet_total_memory_bytes \d", after);
    }

    // With a 50 ms queue delay, requests that arrive together must share a run; without one, they share when
    // they find the model busy, and each must still get exactly its own rows.
    [Theory]
    [InlineData("50000", 15)]
    [InlineData("0", 16)]
    public async Task ConcurrentRequests_ShareModelRuns_AndGetTheProbabilitiesOfSeparateRuns(string delayMicroseconds, int maxExecutions)
    {
        using var app = new EnsembleAppFactory
        {
            Settings = new Dictionary<string, string> { ["Batching:Mode"] = "On", ["Batching:InstancesPerModel"] = "1", ["Batching:MaxQueueDelayMicroseconds"] = delayMicroseconds },
        };
        using var unbatched = new EnsembleAppFactory { Settings = new Dictionary<string, string> { ["Batching:Mode"] = "Off" } };
        var client = app.CreateClient();
        var samples = await client.GetJson<SampleResponse[]>("/api/samples?count=16");
        var expected = new List<float[]>();
        foreach (var sample in samples)
        {
            expected.Add(await Probabilities(unbatched.CreateClient(), sample));
        }

        var before = await client.GetStringAsync("/metrics");
        var actual = await Task.WhenAll(samples.Select(s => Probabilities(client, s)));
        var after = await client.GetStringAsync("/metrics");

        Assert.Equal(16, Value(after, "ensemble_model_inferences", "residual") - Value(before, "ensemble_model_inferences", "residual"));
        Assert.InRange(Value(after, "ensemble_model_executions", "residual") - Value(before, "ensemble_model_executions", "residual"), 1, maxExecutions);
        Assert.Contains("ensemble_model_queue_time_count", after);
        Assert.Contains("ensemble_model_batch_size_count", after);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], (a, b) => Math.Abs(a - b) < 1e-5f);
        }
    }

    private static async Task<float[]> Probabilities(HttpClient client, SampleResponse sample)
    {
        var response = await client.PostJson("/api/predict", new { instances = new[] { new { pixels = sample.Pixels } } });
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("predictions")[0].GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle())];
    }

    // A counter's value for one model in the Prometheus text format; 0 when it has not been written yet.
    private static double Value(string text, string name, string model)
    {
        var match = Regex.Match(text, $@"^{name}\{{[^}}]*model=""{model}""[^}}]*\}} (\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
