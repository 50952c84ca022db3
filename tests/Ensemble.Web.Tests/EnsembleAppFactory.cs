using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ensemble.Web.Tests;

/// <summary>
/// The app over a private copy of the committed models (so tests can add broken ones) and the committed
/// evaluation data. One instance is shared by the tests of a class.
/// </summary>
public sealed class EnsembleAppFactory : WebApplicationFactory<Program>
{
    public EnsembleAppFactory()
    {
        ModelsDirectory = Directory.CreateTempSubdirectory("ensemble-models").FullName;
        // The two original members: the tests' expectations (uniform = their mean, two weights) are written for them,
        // whatever other models the folder holds.
        foreach (var file in Directory.GetFiles(RepositoryPaths.ModelsDirectory)
            .Where(f => Path.GetFileNameWithoutExtension(f) is "residual" or "separable" && Path.GetExtension(f) is ".onnx" or ".json"))
        {
            File.Copy(file, Path.Combine(ModelsDirectory, Path.GetFileName(file)));
        }

        DatabasePath = Path.Combine(ModelsDirectory, "db", "ensemble.db");
        CheckpointDirectory = Path.Combine(ModelsDirectory, "db", "training");
    }

    public string ModelsDirectory { get; }

    /// <summary>Set to another app's database to start a second app on the same state (a restart).</summary>
    public string DatabasePath { get; init; }

    /// <summary>Training checkpoints; shared with a restarted app like the database.</summary>
    public string CheckpointDirectory { get; init; }

    /// <summary>The Fashion-MNIST files that training jobs read: by default a small set made from the committed splits.</summary>
    public string TrainingDataDirectory { get; init; } = CommittedTrainingData.Directory;

    /// <summary>More configuration for one test's app (rate limits, for example).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Models:Directory", ModelsDirectory);
        builder.UseSetting("Models:DataDirectory", RepositoryPaths.EvaluationData);
        builder.UseSetting("Database:Path", DatabasePath);
        builder.UseSetting("Training:CheckpointDirectory", CheckpointDirectory);
        builder.UseSetting("Training:DataDirectory", TrainingDataDirectory);
        builder.UseSetting("Inference:ExecutionProvider", "Cpu");
        builder.UseSetting("Images:MaxBytes", "200000");
        builder.UseSetting("Images:MaxPixels", "1000000");
        builder.UseSetting("Limits:MaxRequestBodyBytes", "4000000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(ModelsDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(ModelsDirectory, recursive: true);
        }
    }
}
