using System.Diagnostics;
using System.Net;
using System.Text;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Tests.Endpoints;

namespace Ensemble.Web.Tests.Hosting;

/// <summary>The app as its own process, stopped with SIGTERM (what Docker and Kubernetes send) mid-request.</summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ensemble-shutdown").FullName;
    private Process? _server;

    [Fact]
    public async Task SigtermWhileARequestIsInFlight_FinishesIt_AndExitsCleanly()
    {
        var port = LoopbackPort.Free();
        var (server, lines) = Start(port);
        await lines.WaitForAsync("Application started", Bound);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var sample = (await client.GetJson<SampleResponse[]>("/api/samples?count=1"))[0];
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { instances = new[] { new { pixels = sample.Pixels } } }));

        // Half the body goes now; the rest only once the app has said it is shutting down.
        var rest = new TaskCompletionSource();
        using var content = new SplitContent(body, rest.Task);
        var pending = client.PostAsync("/api/predict", content);
        await lines.WaitForAsync("Request starting HTTP/1.1 POST http://127.0.0.1:" + port + "/api/predict", Bound);

        Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        await lines.WaitForAsync("Application is shutting down", Bound);
        rest.SetResult();
        using var response = await pending;
        await server.WaitForExitAsync(new CancellationTokenSource(Bound).Token);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{lines.Text}");
        Assert.Equal(0, server.ExitCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health/live"));
    }

    // How long the app may take to start, take a request or stop: a bound on the waits, not a pause.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private (Process Server, ProcessLines Lines) Start(int port)
    {
        var models = Path.Combine(_folder, "models");
        var task = Path.Combine(models, "fashion-mnist");
        Directory.CreateDirectory(task);
        foreach (var file in Directory.GetFiles(RepositoryPaths.ModelsDirectory).Where(f => Path.GetFileName(f) is "task.json" || Path.GetFileNameWithoutExtension(f) is "residual" or "separable"))
        {
            File.Copy(file, Path.Combine(task, Path.GetFileName(file)));
        }

        if (!Directory.Exists(Path.Combine(task, "data")))
        {
            Directory.CreateSymbolicLink(Path.Combine(task, "data"), RepositoryPaths.EvaluationData);
        }

        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Ensemble.Web.dll")])
        {
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "src", "Ensemble.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Models__Directory"] = models;
        start.Environment["Database__Path"] = Path.Combine(_folder, "ensemble.db");
        start.Environment["Training__CheckpointDirectory"] = Path.Combine(_folder, "training");
        start.Environment["Inference__ExecutionProvider"] = "Cpu";
        // So the app says when a request begins; the lifetime's "started" and "shutting down" are logged anyway.
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        var process = _server = new Process { StartInfo = start };
        var lines = new ProcessLines(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, lines);
    }

    public void Dispose()
    {
        // A failed test must not leave the app running.
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit();
        }

        _server?.Dispose();

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A request body sent in two parts: the first half at once, the second when told.</summary>
    private sealed class SplitContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly Task _rest;

        public SplitContent(byte[] body, Task rest)
        {
            (_body, _rest) = (body, rest);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            Headers.ContentLength = body.Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_body.AsMemory(0, _body.Length / 2));
            await stream.FlushAsync();
            await _rest;
            await stream.WriteAsync(_body.AsMemory(_body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
