using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ensemble.Benchmarks;

/// <summary>
/// The app as operators run it: its own process (server GC, Production, the committed models), on a free
/// loopback port, with a throw-away database. The load generator then shares nothing with it but the cores.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"ensemble-bench-{Guid.NewGuid():N}.db");

    private ServerProcess(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        Address = $"http://127.0.0.1:{port}/";
        var web = Path.Combine(BenchmarkData.RepositoryRoot, "src", "Ensemble.Web");
        var start = new ProcessStartInfo("dotnet", Path.Combine(web, "bin", "Release", "net10.0", "Ensemble.Web.dll"))
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = Address;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Database__Path"] = _database;
        start.Environment["Inference__ExecutionProvider"] = "Cpu";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[server] {e.Data}"); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Address { get; }

    /// <summary>Starts the app (built in Release, as the benchmark project builds it) and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = new ServerProcess(settings ?? new Dictionary<string, string>());
        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(timeout.Token))
        {
            try
            {
                if ((await client.GetAsync("/health/ready", timeout.Token)).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException) when (!server._process.HasExited)
            {
                // Not listening yet.
            }
        }

        throw new TimeoutException("The app did not become ready.");
    }

    /// <summary>The server process's resident memory, in MiB.</summary>
    public double WorkingSetMiB()
    {
        _process.Refresh();
        return _process.WorkingSet64 / 1048576.0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        File.Delete(_database);
        File.Delete(_database + "-wal");
        File.Delete(_database + "-shm");
    }
}
