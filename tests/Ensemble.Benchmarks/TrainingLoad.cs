using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ensemble.Benchmarks;

/// <summary>
/// Predict latency while a training job runs in the same process, next to the same load without one (measured
/// before and after the job, to bracket the machine's drift). The job is cancelled before it can write a model.
/// </summary>
public static class TrainingLoad
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task RunAsync(TimeSpan duration, int[] clientCounts)
    {
        using var app = new ServingFixture();
        using var api = app.CreateClient();
        var images = HttpRoute.Predict(HttpLoad.Images());
        Console.WriteLine($"{Environment.ProcessorCount} cores; {duration.TotalSeconds:F0} s per measurement; batch-1 /api/predict on the uniform ensemble");
        foreach (var clients in clientCounts)
        {
            var before = await HttpLoad.HttpLoop(api, images, clients, duration);
            var created = await api.PostAsJsonAsync("/api/training/jobs", new { architecture = "residual", epochs = 50 }, Json);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetInt32();
            await WaitForBatchesAsync(api, id);
            var during = await HttpLoad.HttpLoop(api, images, clients, duration);
            var job = await api.GetFromJsonAsync<JsonElement>($"/api/training/jobs/{id}", Json);
            var progress = job.GetProperty("progress");
            await api.PostAsync($"/api/training/jobs/{id}/cancel", null);
            await WaitForEndAsync(api, id);
            var after = await HttpLoad.HttpLoop(api, images, clients, duration);
            Console.WriteLine($"{clients,2} client(s), no job (before):  {before.Throughput,7:N0} req/s  p50 {before.P50,6:F2} ms  p99 {before.P99,6:F2} ms  errors {before.Errors}");
            Console.WriteLine($"{clients,2} client(s), residual job:     {during.Throughput,7:N0} req/s  p50 {during.P50,6:F2} ms  p99 {during.P99,6:F2} ms  errors {during.Errors}  (training {progress.GetProperty("imagesPerSecond").GetDouble():N0} images/s on {job.GetProperty("results").GetProperty("threads").GetInt32()} thread(s))");
            Console.WriteLine($"{clients,2} client(s), no job (after):   {after.Throughput,7:N0} req/s  p50 {after.P50,6:F2} ms  p99 {after.P99,6:F2} ms  errors {after.Errors}");
        }
    }

    private static Task WaitForBatchesAsync(HttpClient api, int id) =>
        RunEvents.WaitAsync(api, "TrainingJob", id, e => e.GetProperty("progress") is { ValueKind: JsonValueKind.Object } p && p.GetProperty("batch").GetInt32() >= 5, TimeSpan.FromMinutes(2));

    private static Task WaitForEndAsync(HttpClient api, int id) => RunEvents.EndAsync(api, "TrainingJob", id, TimeSpan.FromMinutes(2));
}
