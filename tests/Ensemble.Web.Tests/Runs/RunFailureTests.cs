using System.Text.Json;
using Ensemble.Web.Tests.Endpoints;
using Microsoft.Data.Sqlite;

namespace Ensemble.Web.Tests.Runs;

/// <summary>Background work that fails or is stopped by shutdown ends in a stated status, and the queue behind it goes on.</summary>
public sealed class RunFailureTests
{
    private static readonly object TinySearch = new
    {
        task = EnsembleAppFactory.Digits,
        space = new { architectures = new[] { "mlp" }, widthMin = 0.25, widthMax = 0.25 },
        budget = new { trials = 2, minEpochs = 1, maxEpochs = 2, eta = 2, trainImages = 64, validationImages = 100 },
    };

    private static readonly object TinyJob = new { task = EnsembleAppFactory.Digits, architecture = "mlp", width = 0.25, epochs = 1, limit = 64 };

    [Fact]
    public async Task ASearchWhoseCheckpointCannotBeWritten_EndsFailedWithTheReason_AndTheQueueGoesOn()
    {
        using var app = new EnsembleAppFactory();
        var client = app.CreateClient();
        // A file where the search's checkpoint folder goes: the trainer's first checkpoint write throws IOException.
        Directory.CreateDirectory(app.CheckpointDirectory);
        File.WriteAllText(Path.Combine(app.CheckpointDirectory, "search-1"), "not a folder");

        var search = await Id(await client.PostJson("/api/training/searches", TinySearch));
        var job = await Id(await client.PostJson("/api/training/jobs", TinyJob));
        await app.EndOf(RunKind.TrainingJob, job);
        var jobEnd = await client.GetJson<JsonElement>($"/api/training/jobs/{job}");
        var searchEnd = await client.GetJson<JsonElement>($"/api/training/searches/{search}");

        Assert.Equal(1, search);
        Assert.Equal("Completed", jobEnd.GetProperty("status").GetString());
        Assert.Equal("Failed", searchEnd.GetProperty("status").GetString());
        Assert.Contains("search-1", searchEnd.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ASearchWhoseTrialCannotBeStored_EndsFailedWithTheReason_AndTheQueueGoesOn()
    {
        using var app = new EnsembleAppFactory();
        var client = app.CreateClient();
        // The database refuses every update of a trial, as a full disk or a broken constraint would.
        using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            connection.Open();
            using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER refuse_trials BEFORE UPDATE ON SearchTrials BEGIN SELECT RAISE(ABORT, 'trial rows are read-only here'); END;";
            trigger.ExecuteNonQuery();
        }

        var search = await Id(await client.PostJson("/api/training/searches", TinySearch));
        var job = await Id(await client.PostJson("/api/training/jobs", TinyJob));
        await app.EndOf(RunKind.TrainingJob, job);
        var jobEnd = await client.GetJson<JsonElement>($"/api/training/jobs/{job}");
        var searchEnd = await client.GetJson<JsonElement>($"/api/training/searches/{search}");

        Assert.Equal("Completed", jobEnd.GetProperty("status").GetString());
        Assert.Equal("Failed", searchEnd.GetProperty("status").GetString());
        Assert.Contains("trial rows are read-only here", searchEnd.GetProperty("error").GetString());
    }

    [Fact]
    public async Task WorkStoppedByShutdown_IsInterrupted_WhateverItsKind()
    {
        // The database outlives the app's folders, which go with it.
        var folder = Directory.CreateTempSubdirectory("ensemble-shutdown-runs").FullName;
        var app = new EnsembleAppFactory { DatabasePath = Path.Combine(folder, "ensemble.db"), CheckpointDirectory = Path.Combine(folder, "training") };
        var client = app.CreateClient();
        var study = await Id(await client.PostJson("/api/studies", new { ensemble = "fashion-mnist-uniform", strategy = "RandomSearch", budget = 1_000_000, folds = 5, seed = 1 }));
        var search = await Id(await client.PostJson("/api/training/searches", new
        {
            task = EnsembleAppFactory.Digits,
            // Minutes of training on the small digits task, so it is still running once the study has started.
            space = new { architectures = new[] { "separable" } },
            budget = new { trials = 9, minEpochs = 100, maxEpochs = 100, eta = 3, trainImages = 2_000, validationImages = 500 },
        }));
        await app.Until(engine => engine.Progress<object>(RunKind.Study, study) is not null && engine.Progress<object>(RunKind.Search, search) is not null);

        await app.DisposeAsync();

        var (studyStatus, searchStatus) = (Status(app.DatabasePath, "Studies", study), Status(app.DatabasePath, "Searches", search));
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        Assert.Equal("Interrupted", studyStatus);
        Assert.Equal("Interrupted", searchStatus);
    }

    private static string Status(string database, string table, int id)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT Status FROM {table} WHERE Id = {id}";
        return (string)query.ExecuteScalar()!;
    }

    private static async Task<int> Id(HttpResponseMessage created)
    {
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }
}
