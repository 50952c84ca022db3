using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Benchmarks;

/// <summary>The real app on a loopback port (Kestrel) over the committed models, with a throw-away database.</summary>
// Any type of the web assembly names it to the factory; this project has a Program of its own.
internal sealed class ServingFixture : WebApplicationFactory<Ensemble.Web.Endpoints.Predict.PredictRequest>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"ensemble-bench-{Guid.NewGuid():N}.db");
    private readonly string _checkpoints = Path.Combine(Path.GetTempPath(), $"ensemble-bench-{Guid.NewGuid():N}");

    private readonly IReadOnlyDictionary<string, string> _settings;

    public ServingFixture(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        // Outside a test project the factory cannot find the app's folder by itself; name it.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ENSEMBLE_WEB", Path.Combine(BenchmarkData.RepositoryRoot, "src", "Ensemble.Web"));
        UseKestrel(0);
        StartServer();
    }

    /// <summary>The loopback address Kestrel listens on, ending in a slash.</summary>
    public string Address => Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    public ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();

    public EnsemblePredictor Predictor => Services.GetRequiredService<EnsemblePredictor>();

    public EnsembleSpec Uniform => Services.GetRequiredService<EnsembleStore>().Active(EnsembleStore.UniformName("fashion-mnist"))!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Path", _database);
        builder.UseSetting("Training:CheckpointDirectory", _checkpoints);
        builder.UseSetting("Inference:ExecutionProvider", "Cpu");
        // The in-process app serves what a benchmark asks of it over HTTP; its gRPC port would clash with an app process.
        builder.UseSetting("OpenInference:GrpcPort", "0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
        if (Directory.Exists(_checkpoints))
        {
            Directory.Delete(_checkpoints, recursive: true);
        }
    }
}
