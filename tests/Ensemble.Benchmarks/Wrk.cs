using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ensemble.Benchmarks;

/// <summary>
/// Closed-loop load from wrk (Debian's <c>wrk</c> package), a separate C process: a client that costs far less
/// CPU than HttpClient, so on a small machine the figures are the server's, not the load generator's.
/// </summary>
internal static partial class Wrk
{
    public static bool IsInstalled => File.Exists(Executable);

    private const string Executable = "/usr/bin/wrk";

    /// <summary>POSTs the route's bodies, in turn, to <paramref name="address"/>.</summary>
    public static LoadResult Run(string address, HttpRoute route, int clients, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("ensemble-wrk").FullName;
        try
        {
            // One file per body: binary bodies hold newlines and zeros, so they cannot be lines of one file.
            for (var i = 0; i < route.Bodies.Length; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"{i}.body"), route.Bodies[i]);
            }

            var headers = string.Join(", ", route.Headers.Prepend(new("Content-Type", route.ContentType)).Select(h => $"[\"{h.Key}\"] = \"{h.Value}\""));
            var script = Path.Combine(folder, "predict.lua");
            File.WriteAllText(script, $$"""
                local requests = {}
                init = function(args)
                  for i = 0, {{route.Bodies.Length - 1}} do
                    local file = io.open("{{folder}}/" .. i .. ".body", "rb")
                    requests[#requests + 1] = wrk.format("POST", nil, { {{headers}} }, file:read("*a"))
                    file:close()
                  end
                end
                local i = 0
                request = function()
                  i = i % #requests + 1
                  return requests[i]
                end
                """);
            var threads = Math.Min(clients, 2);
            var start = new ProcessStartInfo(Executable, $"-t{threads} -c{clients} -d{(int)duration.TotalSeconds}s --latency -s {script} {address}{route.Path}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return Parse(output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static LoadResult Parse(string output)
    {
        var requests = int.Parse(RequestsPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var throughput = double.Parse(ThroughputPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = NonSuccessPattern().Match(output) is { Success: true } non ? int.Parse(non.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        errors += SocketErrorsPattern().Matches(output).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        return new LoadResult(requests, throughput, Percentile(output, "50"), Percentile(output, "99"), errors);
    }

    // "    99%   14.47ms" in milliseconds, whatever unit wrk chose.
    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsPattern();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex ThroughputPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessPattern();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrorsPattern();
}
