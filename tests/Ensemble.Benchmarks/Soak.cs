using System.Globalization;
using System.Text.RegularExpressions;

namespace Ensemble.Benchmarks;

/// <summary>
/// A long run of steady load on the app in its own process (batching on): every minute the requests served,
/// errors, latency and the server's memory (working set and managed heap, from its own /metrics), so a leak
/// shows as a rising line.
/// </summary>
public static partial class Soak
{
    public static async Task RunAsync(TimeSpan duration, int clients)
    {
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Batching:Mode"] = "On" });
        using var metrics = new HttpClient { BaseAddress = new Uri(server.Address) };
        var images = HttpRoute.Predict(HttpLoad.Images());
        Console.WriteLine($"soak: {clients} clients, batch-1 /api/predict on the uniform ensemble, {duration.TotalMinutes:F0} min, {Environment.ProcessorCount} cores, load from {(Wrk.IsInstalled ? "wrk" : "HttpClient")}");
        // Warm up first, so the baseline includes the pools and caches a steady state needs.
        await HttpLoad.LoadAsync(server.Address, images, clients, TimeSpan.FromSeconds(30));
        var baseline = await MemoryAsync(metrics);
        Console.WriteLine("| minute | requests | req/s | p50 ms | p99 ms | errors | working set MiB | managed heap MiB |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| 0 | | | | | | {baseline.WorkingSet:F1} | {baseline.Heap:F1} |");
        var errors = 0;
        for (var minute = 1; minute <= (int)duration.TotalMinutes; minute++)
        {
            var slice = await HttpLoad.LoadAsync(server.Address, images, clients, TimeSpan.FromMinutes(1));
            var memory = await MemoryAsync(metrics);
            errors += slice.Errors;
            Console.WriteLine($"| {minute} | {slice.Requests:N0} | {slice.Throughput:N0} | {slice.P50:F2} | {slice.P99:F2} | {slice.Errors} | {memory.WorkingSet:F1} | {memory.Heap:F1} |");
        }

        var end = await MemoryAsync(metrics);
        Console.WriteLine($"errors: {errors}; working set {baseline.WorkingSet:F1} → {end.WorkingSet:F1} MiB; managed heap {baseline.Heap:F1} → {end.Heap:F1} MiB");
    }

    private static async Task<(double WorkingSet, double Heap)> MemoryAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        return (Gauge(text, "process_working_set_bytes") / 1048576.0, Gauge(text, "dotnet_total_memory_bytes") / 1048576.0);
    }

    private static double Gauge(string text, string name) =>
        double.Parse(Regex.Match(text, $@"^{name} (\S+)", RegexOptions.Multiline).Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
