using System.Diagnostics;
using System.Net.Http.Json;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;

namespace Ensemble.Benchmarks;

/// <summary>
/// HTTP throughput of batch-1 ensemble predictions under concurrent clients on loopback, with dynamic batching on
/// and off, next to a raw loop that calls InferenceSession.Run for every member with the same concurrency: the
/// ratio is what serving costs, or gains when batching merges the clients' requests. With wrk installed the app
/// runs as its own process and wrk drives it; otherwise the app runs in this process and HttpClient drives it.
/// </summary>
public static class HttpLoad
{
    public static async Task RunAsync(TimeSpan duration, int[] clientCounts)
    {
        using var fixture = new ServingFixture();
        var models = fixture.Registry.Loaded.ToList();
        using var batched = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Batching:Mode"] = "On" });
        using var unbatched = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Batching:Mode"] = "Off" });
        var images = Images();
        Console.WriteLine($"members: {string.Join(", ", models.Select(m => m.Name))}; {duration.TotalSeconds:F0} s per measurement; {Environment.ProcessorCount} cores; load from {(Wrk.IsInstalled ? "wrk" : "HttpClient (apt-get install wrk for a lighter client)")}");
        foreach (var size in new[] { 1, 4, 16 })
        {
            Console.WriteLine($"raw Run loop, 2 threads, batches of {size,2}: {RawLoop(models, images, 2, duration, size):N0} ensembles/s");
        }

        // Warm both apps up (JIT tiers, pools, caches) so that neither is measured cold.
        await LoadAsync(unbatched.Address, images, 16, TimeSpan.FromSeconds(5));
        await LoadAsync(batched.Address, images, 16, TimeSpan.FromSeconds(5));
        Console.WriteLine("| clients | raw Run loop (ensembles/s) | HTTP, batching (req/s, p50, p99, errors) | HTTP, no batching | batching / raw | no batching / raw |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var clients in clientCounts)
        {
            var raw = RawLoop(models, images, clients, duration);
            var off = await LoadAsync(unbatched.Address, images, clients, duration);
            var executionsBefore = await ExecutionsAsync(batched.Address);
            var on = await LoadAsync(batched.Address, images, clients, duration);
            var executions = await ExecutionsAsync(batched.Address) - executionsBefore;
            Console.WriteLine($"| {clients} | {raw:N0} | {Describe(on)}, {on.Requests * models.Count / Math.Max(1, executions):F1} images per run | {Describe(off)} | {on.Throughput / raw:P0} | {off.Throughput / raw:P0} |");
        }
    }

    // All members' ONNX Runtime runs so far, from the app's own /metrics.
    private static async Task<double> ExecutionsAsync(string address)
    {
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var text = await client.GetStringAsync("/metrics");
        return System.Text.RegularExpressions.Regex.Matches(text, @"^ensemble_model_executions\{[^}]*\} (\S+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    // wrk when installed (a separate, light client process); otherwise HttpClient in this process.
    internal static async Task<LoadResult> LoadAsync(string address, float[][] images, int clients, TimeSpan duration)
    {
        if (Wrk.IsInstalled)
        {
            return await Task.Run(() => Wrk.Run(address + "api/predict", images, clients, duration));
        }

        using var client = new HttpClient { BaseAddress = new Uri(address) };
        return await HttpLoop(client, images, clients, duration);
    }

    internal static float[][] Images()
    {
        var (batch, _) = BenchmarkData.Batch(64);
        return [.. Enumerable.Range(0, 64).Select(i => batch.Sample(i).ToArray())];
    }

    private static string Describe(LoadResult r) => $"{r.Throughput:N0} ({r.P50:F2} ms, {r.P99:F2} ms, {r.Errors})";

    // Ensembles per second from `clients` threads that each run every member on batches of `batch` images.
    private static double RawLoop(List<RegisteredModel> models, float[][] images, int clients, TimeSpan duration, int batch = 1)
    {
        var packed = images.Take(batch).SelectMany(p => p).ToArray();
        var stop = Stopwatch.StartNew();
        var total = 0L;
        var threads = Enumerable.Range(0, clients).Select(c => new Thread(() =>
        {
            var output = new float[10 * batch];
            var count = 0L;
            var i = c;
            while (stop.Elapsed < duration)
            {
                var pixels = batch == 1 ? images[i++ % images.Length] : packed;
                foreach (var model in models)
                {
                    ModelRunner.Run(model, pixels, batch, output);
                }

                count += batch;
            }

            Interlocked.Add(ref total, count);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return total / stop.Elapsed.TotalSeconds;
    }

    /// <summary>Runs <paramref name="clients"/> closed-loop clients for <paramref name="duration"/>.</summary>
    internal static async Task<LoadResult> HttpLoop(HttpClient client, float[][] images, int clients, TimeSpan duration)
    {
        var bodies = images.Select(p => JsonContent.Create(new { instances = new[] { new { pixels = p } } })).ToArray();
        var payloads = new byte[bodies.Length][];
        for (var i = 0; i < bodies.Length; i++)
        {
            payloads[i] = await bodies[i].ReadAsByteArrayAsync();
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
                using var content = new ByteArrayContent(payloads[i++ % payloads.Length]);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                try
                {
                    using var response = await client.PostAsync("/api/predict", content);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)], errors);
    }
}
