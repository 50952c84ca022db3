using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Tests.Endpoints;

namespace Ensemble.Web.Tests.Hosting;

/// <summary>The app as its own process, stopped with SIGTERM (what Docker and Kubernetes send) mid-request.</summary>
public sealed partial class GracefulShutdownTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ensemble-shutdown").FullName;
    private Process? _server;

    [Fact]
    public async Task SigtermWhileARequestIsInFlight_FinishesIt_AndExitsCleanly()
    {
        var port = LoopbackPort.Free();
        var server = Start(port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await Polling.Until(async () => await Answers(client, "/health/ready"));
        var sample = (await client.GetJson<SampleResponse[]>("/api/samples?count=1"))[0];
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { instances = new[] { new { pixels = sample.Pixels } } }));

        // Half the body goes now; the rest only after the server has been told to stop.
        var rest = new TaskCompletionSource();
        using var content = new SplitContent(body, rest.Task);
        var pending = client.PostAsync("/api/predict", content);
        await Polling.Until(async () => InFlight().IsMatch(await client.GetStringAsync("/metrics")));

        Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        rest.SetResult();
        using var response = await pending;
        await server.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, server.ExitCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health/live"));
    }

    private Process Start(int port)
    {
        var models = Path.Combine(_folder, "models");
        Directory.CreateDirectory(models);
        foreach (var file in Directory.GetFiles(RepositoryPaths.ModelsDirectory).Where(f => Path.GetFileNameWithoutExtension(f) is "residual" or "separable"))
        {
            File.Copy(file, Path.Combine(models, Path.GetFileName(file)));
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
        start.Environment["Models__DataDirectory"] = RepositoryPaths.EvaluationData;
        start.Environment["Database__Path"] = Path.Combine(_folder, "ensemble.db");
        start.Environment["Training__CheckpointDirectory"] = Path.Combine(_folder, "training");
        start.Environment["Inference__ExecutionProvider"] = "Cpu";
        var process = _server = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> Answers(HttpClient client, string path)
    {
        try
        {
            return (await client.GetAsync(path)).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^http_requests_in_progress\{[^}]*endpoint=""/api/predict/?""[^}]*\} 1$", RegexOptions.Multiline)]
    private static partial Regex InFlight();

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
