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
        Assert.Contains("ensemble_predictions{ensemble=\"uniform\"}", after);
        Assert.Matches(@"http_request_duration_seconds_bucket\{[^}]*endpoint=""/api/predict", after);
    }

    // A counter's value for one model in the Prometheus text format; 0 when it has not been written yet.
    private static double Value(string text, string name, string model)
    {
        var match = Regex.Match(text, $@"^{name}\{{[^}}]*model=""{model}""[^}}]*\}} (\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
