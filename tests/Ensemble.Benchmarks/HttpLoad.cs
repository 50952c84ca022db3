using System.Diagnostics;
using Ensemble.Core.Models;

namespace Ensemble.Benchmarks;

/// <summary>
/// Served throughput of batch-1 ensemble predictions under concurrent clients on loopback, through every protocol
/// the app speaks (its REST route, the Open Inference Protocol's REST JSON and binary tensors, and its gRPC service
/// with raw contents), with dynamic batching off and on, next to a raw loop that calls InferenceSession.Run for
/// every member with the same concurrency: the ratio is what serving costs, or gains when batching merges the
/// clients' requests. The app runs as its own process; wrk drives HTTP when installed (HttpClient otherwise) and
/// Grpc.Net.Client drives gRPC.
/// </summary>
public static class HttpLoad
{
    public static async Task RunAsync(TimeSpan duration, int[] clientCounts)
    {
        using var fixture = new ServingFixture();
        var models = fixture.Registry.Loaded.Where(m => m.TaskName == "fashion-mnist").ToList();
        using var unbatched = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Batching:Mode"] = "Off" });
        using var batched = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Batching:Mode"] = "On" });
        using var delayed = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Batching:Mode"] = "On", ["Batching:MaxQueueDelayMicroseconds"] = "500" });
        (string Name, ServerProcess Server)[] configurations = [("no batching", unbatched), ("batching (the default delay, 0)", batched), ("batching, 500 µs queue delay", delayed)];
        var images = Images();
        HttpRoute[] routes = [HttpRoute.Predict(images), HttpRoute.OipJson(images), HttpRoute.OipBinary(images)];
        var protocols = routes
            .Select(r => (r.Name, Load: (Func<ServerProcess, int, Task<LoadResult>>)((s, clients) => LoadAsync(s.Address, r, clients, duration))))
            .Append(("OIP gRPC raw, Grpc.Net.Client", (s, clients) => GrpcLoad.RunAsync(s.GrpcAddress, images, clients, duration)))
            .Concat(H2Load.IsInstalled ? [("OIP gRPC raw, h2load", (s, clients) => H2Load.RunAsync(s.GrpcAddress, s.Address, images[0], clients, duration))] : [])
            .ToList();
        Console.WriteLine($"members: {string.Join(", ", models.Select(m => m.Name))}; {duration.TotalSeconds:F0} s per measurement; {Environment.ProcessorCount} cores; HTTP load from {(Wrk.IsInstalled ? "wrk" : "HttpClient (apt-get install wrk for a lighter client)")}, gRPC from Grpc.Net.Client{(H2Load.IsInstalled ? " and h2load" : " (apt-get install nghttp2-client for h2load, a lighter one)")}");
        Console.WriteLine($"requests: {string.Join("; ", routes.Select(r => r.ToString()))}; OIP gRPC ModelInfer with raw_input_contents ({images[0].Length * sizeof(float):N0} bytes)");
        foreach (var size in new[] { 1, 4, 16 })
        {
            var (throughput, cpu) = RawLoop(models, images, 2, duration, size);
            Console.WriteLine($"raw Run loop, 2 threads, batches of {size,2}: {throughput:N0} ensembles/s, {cpu:F0} µs CPU per ensemble");
        }

        // Warm every app up on every protocol until tiered compilation has settled (its background JIT took 8 % of
        // the app's CPU after 10 s of load, none after 40 s), so that none is measured cold.
        foreach (var (_, server) in configurations)
        {
            foreach (var (_, load) in protocols)
            {
                await load(server, 16);
            }
        }

        var rows = new List<(int Clients, string Protocol, (double Throughput, double Cpu) Raw, double Before, double After, Served[] Served)>();
        foreach (var clients in clientCounts)
        {
            var before = RawLoop(models, images, clients, duration);
            var measured = new List<(string, Served[])>();
            foreach (var (name, load) in protocols)
            {
                var served = new Served[configurations.Length];
                for (var c = 0; c < configurations.Length; c++)
                {
                    served[c] = await ServeAsync(configurations[c].Server, models.Count, s => load(s, clients));
                }

                measured.Add((name, served));
            }

            var after = RawLoop(models, images, clients, duration);
            var raw = ((before.Throughput + after.Throughput) / 2, (before.Cpu + after.Cpu) / 2);
            rows.AddRange(measured.Select(m => (clients, m.Item1, raw, before.Throughput, after.Throughput, m.Item2)));
        }

        Console.WriteLine("The raw loop runs before and after each client count's rows; served / raw is to their mean. CPU is the app's own (user and system) per request, the raw loop's per ensemble.");
        for (var c = 0; c < configurations.Length; c++)
        {
            Console.WriteLine();
            Console.WriteLine($"{configurations[c].Name}:");
            Console.WriteLine("| clients | protocol | raw Run loop: ensembles/s before / after (µs CPU) | served: req/s (p50, p99 ms, errors) | µs CPU | images per run | served / raw |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var (clients, protocol, raw, before, after, served) in rows)
            {
                var s = served[c];
                Console.WriteLine($"| {clients} | {protocol} | {before:N0} / {after:N0} ({raw.Cpu:F0}) | {Describe(s.Load)} | {s.Cpu:F0} | {s.ImagesPerRun:F1} | {s.Load.Throughput / raw.Throughput:P0} |");
            }
        }
    }

    private static async Task<Served> ServeAsync(ServerProcess server, int members, Func<ServerProcess, Task<LoadResult>> load)
    {
        var cpu = server.CpuTime();
        var executions = await ExecutionsAsync(server.Address);
        var result = await load(server);
        var runs = await ExecutionsAsync(server.Address) - executions;
        return new Served(result, (server.CpuTime() - cpu).TotalMicroseconds / Math.Max(1, result.Requests), result.Requests * members / Math.Max(1, runs));
    }

    /// <summary>A load's result, the app's CPU time per request in microseconds, and the images each model run took.</summary>
    private sealed record Served(LoadResult Load, double Cpu, double ImagesPerRun);

    // All members' ONNX Runtime runs so far, from the app's own /metrics.
    private static async Task<double> ExecutionsAsync(string address)
    {
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var text = await client.GetStringAsync("/metrics");
        return System.Text.RegularExpressions.Regex.Matches(text, @"^ensemble_model_executions\{[^}]*\} (\S+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    // wrk when installed (a separate, light client process); otherwise HttpClient in this process.
    internal static async Task<LoadResult> LoadAsync(string address, HttpRoute route, int clients, TimeSpan duration)
    {
        if (Wrk.IsInstalled)
        {
            return await Task.Run(() => Wrk.Run(address, route, clients, duration));
        }

        using var client = new HttpClient { BaseAddress = new Uri(address) };
        return await HttpLoop(client, route, clients, duration);
    }

    internal static float[][] Images()
    {
        var (batch, _) = BenchmarkData.Batch(64);
        return [.. Enumerable.Range(0, 64).Select(i => batch.Sample(i).ToArray())];
    }

    private static string Describe(LoadResult r) => $"{r.Throughput:N0} ({r.P50:F2} ms, {r.P99:F2} ms, {r.Errors})";

    // Ensembles per second from `clients` threads that each run every member on batches of `batch` images, and the
    // process's CPU time per ensemble in microseconds.
    private static (double Throughput, double Cpu) RawLoop(List<RegisteredModel> models, float[][] images, int clients, TimeSpan duration, int batch = 1)
    {
        var packed = images.Take(batch).SelectMany(p => p).ToArray();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
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
                    model.Run(pixels, batch, output);
                }

                count += batch;
            }

            Interlocked.Add(ref total, count);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var elapsed = stop.Elapsed.TotalSeconds;
        return (total / elapsed, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / total);
    }

    /// <summary>Runs <paramref name="clients"/> closed-loop HttpClient clients for <paramref name="duration"/>.</summary>
    internal static Task<LoadResult> HttpLoop(HttpClient client, HttpRoute route, int clients, TimeSpan duration) =>
        ClosedLoop.RunAsync(clients, duration, async (_, i) =>
        {
            using var content = new ByteArrayContent(route.Bodies[i % route.Bodies.Length]);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(route.ContentType);
            using var request = new HttpRequestMessage(HttpMethod.Post, route.Path) { Content = content };
            foreach (var (name, value) in route.Headers)
            {
                request.Headers.Add(name, value);
            }

            try
            {
                using var response = await client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
}
