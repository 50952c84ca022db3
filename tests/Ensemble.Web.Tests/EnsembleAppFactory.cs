using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests;

/// <summary>
/// The app over a private model repository (so tests can add broken models and other tasks) holding a copy of the
/// committed Fashion-MNIST task with its two original members and, by link, its committed evaluation data, and of
/// the committed digits task (its definition and, by link, its data with the train split; no members), which the
/// training tests train on. One instance is shared by the tests of a class.
/// </summary>
public sealed class EnsembleAppFactory : WebApplicationFactory<Program>
{
    public const string Task = "fashion-mnist";
    public const string Uniform = "fashion-mnist-uniform";
    public const string Digits = "digits";

    public EnsembleAppFactory()
    {
        RepositoryDirectory = Directory.CreateTempSubdirectory("ensemble-models").FullName;
        ModelsDirectory = Path.Combine(RepositoryDirectory, Task);
        Directory.CreateDirectory(ModelsDirectory);
        // The two original members: the tests' expectations (uniform = their mean, two weights) are written for them,
        // whatever other models the folder holds.
        foreach (var file in Directory.GetFiles(RepositoryPaths.ModelsDirectory)
            .Where(f => Path.GetFileName(f) is "task.json" || (Path.GetFileNameWithoutExtension(f) is "residual" or "separable" && Path.GetExtension(f) is ".onnx" or ".json")))
        {
            File.Copy(file, Path.Combine(ModelsDirectory, Path.GetFileName(file)));
        }

        Directory.CreateSymbolicLink(Path.Combine(ModelsDirectory, "data"), RepositoryPaths.EvaluationData);
        DigitsDirectory = Path.Combine(RepositoryDirectory, Digits);
        Directory.CreateDirectory(DigitsDirectory);
        File.Copy(Path.Combine(CommittedTasks.DigitsDirectory, "task.json"), Path.Combine(DigitsDirectory, "task.json"));
        Directory.CreateSymbolicLink(Path.Combine(DigitsDirectory, "data"), Path.Combine(CommittedTasks.DigitsDirectory, "data"));
        DatabasePath = Path.Combine(RepositoryDirectory, ".db", "ensemble.db");
        CheckpointDirectory = Path.Combine(RepositoryDirectory, ".db", "training");
    }

    /// <summary>The model repository's root: add a task folder here.</summary>
    public string RepositoryDirectory { get; }

    /// <summary>The Fashion-MNIST task's folder: add its models here.</summary>
    public string ModelsDirectory { get; }

    /// <summary>The digits task's folder: its models land here.</summary>
    public string DigitsDirectory { get; }

    /// <summary>Set to another app's database to start a second app on the same state (a restart).</summary>
    public string DatabasePath { get; init; }

    /// <summary>Training checkpoints; shared with a restarted app like the database.</summary>
    public string CheckpointDirectory { get; init; }

    /// <summary>Keeps the app's log records for the test to read through <c>Services.GetFakeLogCollector()</c>.</summary>
    public bool CollectLogs { get; init; }

    /// <summary>More configuration for one test's app (rate limits, for example).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Models:Directory", RepositoryDirectory);
        builder.UseSetting("Models:DefaultTask", Task);
        builder.UseSetting("Database:Path", DatabasePath);
        builder.UseSetting("Training:CheckpointDirectory", CheckpointDirectory);
        // Fashion-MNIST's 60,000 training images are not for tests: its training is refused as missing data here.
        builder.UseSetting("Training:TrainData:fashion-mnist", Path.Combine(RepositoryDirectory, ".no-train-data"));
        builder.UseSetting("Inference:ExecutionProvider", "Cpu");
        builder.UseSetting("Images:MaxBytes", "200000");
        builder.UseSetting("Images:MaxPixels", "1000000");
        builder.UseSetting("Limits:MaxRequestBodyBytes", "4000000");
        // Off unless a test asks for it: apps served by Kestrel side by side would all want port 8001.
        builder.UseSetting("OpenInference:GrpcPort", "0");
        // Off unless a test asks for it: timing every member in every test app would take a core for seconds each time.
        builder.UseSetting("Models:TimeMembers", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (CollectLogs)
        {
            builder.ConfigureServices(services => services.AddFakeLogging());
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(RepositoryDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            // The data link goes first, so that deleting the folder never follows it into the committed files.
            Directory.Delete(Path.Combine(ModelsDirectory, "data"));
            Directory.Delete(Path.Combine(DigitsDirectory, "data"));
            Directory.Delete(RepositoryDirectory, recursive: true);
        }
    }
}
