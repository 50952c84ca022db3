using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Ensemble.Benchmarks;

/// <summary>
/// The app as operators run it: its own process (server GC, Production, the committed models), on a free
/// loopback port, with a throw-away database. The load generator then shares nothing with it but the cores.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // The committed models, copied: a training job's model lands here, not in the repository.
    private readonly string _folder = Directory.CreateTempSubdirectory("ensemble-bench").FullName;
    private readonly PosixSignalRegistration[] _signals;

    private ServerProcess(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var grpcPort = FreePort();
        while (grpcPort == port)
        {
            grpcPort = FreePort();
        }

        Address = $"http://127.0.0.1:{port}/";
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        var web = Path.Combine(BenchmarkData.RepositoryRoot, "src", "Ensemble.Web");
        var models = Path.Combine(_folder, "models");
        var task = Path.Combine(models, "fashion-mnist");
        var committed = Path.Combine(BenchmarkData.RepositoryRoot, "models", "fashion-mnist");
        Directory.CreateDirectory(task);
        foreach (var file in Directory.GetFiles(committed).Where(f => Path.GetExtension(f) is ".onnx" or ".json"))
        {
            File.Copy(file, Path.Combine(task, Path.GetFileName(file)));
        }

        Directory.CreateSymbolicLink(Path.Combine(task, "data"), Path.Combine(committed, "data"));

        // ENSEMBLE_WEB_DLL runs another build of the app (an earlier commit's, say) for a side-by-side comparison.
        var dll = Environment.GetEnvironmentVariable("ENSEMBLE_WEB_DLL") ?? Path.Combine(web, "bin", "Release", "net10.0", "Ensemble.Web.dll");
        var start = new ProcessStartInfo("dotnet", dll)
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = Address;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The one Information line the benchmark waits for: "Application started", once models and database are ready.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Models__Directory"] = models;
        start.Environment["Database__Path"] = Path.Combine(_folder, "ensemble.db");
        start.Environment["Training__CheckpointDirectory"] = Path.Combine(_folder, "training");
        start.Environment["Inference__ExecutionProvider"] = "Cpu";
        start.Environment["OpenInference__GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                _started.TrySetResult();
            }
        };
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"The app exited with {_process.ExitCode} before it started."));
        _process.EnableRaisingEvents = true;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[server] {e.Data}"); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // A benchmark stopped by Ctrl+C or kill unwinds no using blocks; without these its apps would outlive it and
        // hold cores and memory through the next measurement.
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, KillOnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, KillOnSignal)];
    }

    public string Address { get; }

    /// <summary>The gRPC service's own HTTP/2 address (no trailing slash, as GrpcChannel takes it).</summary>
    public string GrpcAddress { get; }

    /// <summary>Starts the app (built in Release, as the benchmark project builds it) and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = new ServerProcess(settings ?? new Dictionary<string, string>());
        await server._started.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return server;
    }

    /// <summary>The server process's resident memory, in MiB.</summary>
    public double WorkingSetMiB()
    {
        _process.Refresh();
        return _process.WorkingSet64 / 1048576.0;
    }

    /// <summary>The server process's resident set (VmRSS), in MiB: what the kernel charges it, native memory included.</summary>
    public double ResidentMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException("The server process has no VmRSS line.");
    }

    /// <summary>The CPU time (user and system) the server process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void KillOnSignal(PosixSignalContext context) => KillApp();

    private void KillApp()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        KillApp();
        _process.WaitForExit();
        _process.Dispose();
        // The data link goes first, so nothing can reach through it into the repository.
        Directory.Delete(Path.Combine(_folder, "models", "fashion-mnist", "data"));
        Directory.Delete(_folder, recursive: true);
    }
}
