using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Protobuf;

namespace Ensemble.Benchmarks;

/// <summary>
/// Closed-loop gRPC load from h2load (Debian's <c>nghttp2-client</c>), a C HTTP/2 client, as wrk is for HTTP/1.1:
/// on a small machine Grpc.Net.Client's own CPU takes a large share from the server it measures. Every request is
/// the same framed ModelInfer message (raw contents), one stream per connection. h2load sees HTTP statuses only, so
/// failures are the ensemble's failure count from the app's own statistics route, before and after.
/// </summary>
internal static partial class H2Load
{
    public static bool IsInstalled => File.Exists(Executable);

    private const string Executable = "/usr/bin/h2load";

    public static async Task<LoadResult> RunAsync(string grpcAddress, string httpAddress, float[] image, int clients, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("ensemble-h2load").FullName;
        try
        {
            var request = GrpcLoad.InferRequest(image).ToByteArray();
            // gRPC's length-prefixed message: a compression flag, the length (big-endian), the protobuf bytes.
            var framed = new byte[5 + request.Length];
            BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1), request.Length);
            request.CopyTo(framed, 5);
            var data = Path.Combine(folder, "infer.grpc");
            var log = Path.Combine(folder, "requests.log");
            await File.WriteAllBytesAsync(data, framed);
            var failuresBefore = await FailuresAsync(httpAddress);
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in (string[])[$"-c{clients}", "-m1", $"-t{Math.Min(clients, 2)}", $"-D{(int)duration.TotalSeconds}", "-d", data, $"--log-file={log}",
                "-H", "content-type: application/grpc", "-H", "te: trailers", $"{grpcAddress}/inference.GRPCInferenceService/ModelInfer"])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var latencies = File.ReadLines(log)
                .Select(l => l.Split('\t'))
                .Select(c => long.Parse(c[2], CultureInfo.InvariantCulture) / 1000.0)
                .Order()
                .ToArray();
            var throughput = double.Parse(ThroughputPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var transportErrors = int.Parse(FailedPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var errors = transportErrors + (int)(await FailuresAsync(httpAddress) - failuresBefore);
            return new LoadResult(latencies.Length, throughput, latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)], errors);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The ensemble's failed inferences so far, from Triton's statistics route.
    private static async Task<long> FailuresAsync(string httpAddress)
    {
        using var client = new HttpClient { BaseAddress = new Uri(httpAddress) };
        var stats = await client.GetFromJsonAsync<JsonElement>($"v2/models/{HttpRoute.Ensemble}/stats");
        return stats.GetProperty("model_stats").EnumerateArray()
            .Sum(m => m.GetProperty("inference_stats").GetProperty("fail").GetProperty("count").GetInt64());
    }

    [GeneratedRegex(@"finished in [\d.]+\w*, ([\d.]+) req/s")]
    private static partial Regex ThroughputPattern();

    [GeneratedRegex(@"(\d+) failed")]
    private static partial Regex FailedPattern();
}
