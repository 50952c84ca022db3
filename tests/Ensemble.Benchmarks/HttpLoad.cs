using System.Diagnostics;
using System.Net.Http.Json;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;

namespace Ensemble.Benchmarks;

/// <summary>
/// HTTP throughput of batch-1 ensemble predictions under concurrent clients on loopback, next to a raw loop that
/// calls InferenceSession.Run for every member with the same concurrency: the ratio is what serving costs.
/// </summary>
public static class HttpLoad
{
    public static async Task RunAsync(TimeSpan duration, int[] clientCounts)
    {
        using var app = new ServingFixture();
        var registry = app.Registry;
        var models = registry.Loaded.ToList();
        var (batch, _) = BenchmarkData.Batch(64);
        var images = Enumerable.Range(0, 64).Select(i => batch.Sample(i).ToArray()).ToArray();
        Console.WriteLine($"members: {string.Join(", ", models.Select(m => m.Name))}; {duration.TotalSeconds:F0} s per measurement; {Environment.ProcessorCount} cores");
        foreach (var clients in clientCounts)
        {
            var raw = RawLoop(models, images, clients, duration);
            var http = await HttpLoop(app, images, clients, duration);
            Console.WriteLine($"{clients,3} clients: raw Run loop {raw.Throughput,8:N0} ensembles/s | HTTP {http.Throughput,8:N0} req/s (p50 {http.P50:F2} ms, p99 {http.P99:F2} ms, errors {http.Errors}) | HTTP/raw {http.Throughput / raw.Throughput:P0}");
        }
    }

    private static (double Throughput, double P50, double P99, int Errors) RawLoop(List<RegisteredModel> models, float[][] images, int clients, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        var total = 0L;
        var threads = Enumerable.Range(0, clients).Select(c => new Thread(() =>
        {
            var output = new float[10];
            var count = 0L;
            var i = c;
            while (stop.Elapsed < duration)
            {
                var pixels = images[i++ % images.Length];
                foreach (var model in models)
                {
                    ModelRunner.Run(model, pixels, 1, output);
                }

                count++;
            }

            Interlocked.Add(ref total, count);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return (total / stop.Elapsed.TotalSeconds, 0, 0, 0);
    }

    internal static async Task<(double Throughput, double P50, double P99, int Errors)> HttpLoop(ServingFixture app, float[][] images, int clients, TimeSpan duration)
    {
        using var client = app.CreateClient();
        var bodies = images.Select(p => JsonContent.Create(new { instances = new[] { new { pixels = p } } })).ToArray();
        foreach (var body in bodies)
        {
            await body.LoadIntoBufferAsync();
        }

        var latencies = new List<double>[clients];
        var errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = latencies[c] = [];
            var i = c;
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("/api/predict", Clone(bodies[i++ % bodies.Length]));
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)], errors);
    }

    private static ByteArrayContent Clone(JsonContent body)
    {
        var content = new ByteArrayContent(body.ReadAsByteArrayAsync().Result);
        content.Headers.ContentType = body.Headers.ContentType;
        return content;
    }
}
