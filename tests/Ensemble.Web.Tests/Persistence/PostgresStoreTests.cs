using System.Net;
using System.Net.Http.Json;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Versions;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Endpoints.Studies;
using Ensemble.Web.Tests.Endpoints;
using Ensemble.Web.Tests.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Persistence;

/// <summary>The store switched to PostgreSQL (Database:Provider=Postgres) against a real server.</summary>
public sealed class PostgresStoreTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [SkippableFact]
    public async Task Ensembles_Versions_AndProvenance_SurviveARestart()
    {
        var database = Require();
        using (var first = App(database))
        {
            var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.Created, (await client.PostJson("/api/ensembles", new { name = "lean", method = "WeightedAverage", weights = new { residual = 2, separable = 1 } })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/ensembles/lean/weights", new { weights = new { residual = 3, separable = 1 }, note = "more residual" }, ApiClient.Json)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/ensembles/lean/versions/1/activate", null)).StatusCode);
        }

        using var restarted = App(database);
        var again = restarted.CreateClient();
        var lean = await again.GetJson<EnsembleResponse>("/api/ensembles/lean");
        var versions = await again.GetJson<EnsembleVersionInfo[]>("/api/ensembles/lean/versions");
        var names = (await again.GetJson<EnsembleResponse[]>("/api/ensembles")).Select(e => e.Name);

        Assert.Equal(1, lean.Version);
        Assert.Equal(2f / 3, lean.Members.Single(m => m.Model == "residual").Weight, 1e-6f);
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Equal("more residual", versions[0].Note);
        Assert.All(versions, v => Assert.Equal(Provenance.Manual, v.Provenance));
        Assert.Equal(["fashion-mnist-uniform", "lean"], names.Order());
    }

    [SkippableFact]
    public async Task ReplicasStartingTogether_ShareEnsembles_AndServeAVersionActivatedElsewhere()
    {
        var database = Require();
        using var a = App(database, refreshSeconds: 0.2);
        using var b = App(database, refreshSeconds: 0.2);
        // Both migrate and seed uniform at once: one wins, the other must start all the same.
        var clients = await Task.WhenAll(Task.Run(a.CreateClient), Task.Run(b.CreateClient));
        var (left, right) = (clients[0], clients[1]);

        await left.PostJson("/api/ensembles", new { name = "shared", method = "WeightedAverage", weights = new { residual = 1, separable = 1 } });
        await left.PutAsJsonAsync("/api/ensembles/shared/weights", new { weights = new { residual = 4, separable = 1 } }, ApiClient.Json);
        await UntilRefreshed(b, store => store.Active("shared") is { Version: 2 });
        var sample = (await right.GetJson<SampleResponse[]>("/api/samples?count=1"))[0];
        var predicted = await right.PostJson("/api/predict", new { ensemble = "shared", instances = new[] { new { pixels = sample.Pixels } } });

        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        Assert.Equal("shared/2", predicted.Headers.GetValues("X-Ensemble-Version").Single());
        Assert.Single(await left.GetJson<EnsembleResponse[]>("/api/ensembles"), e => e.Name == "fashion-mnist-uniform");
    }

    [SkippableFact]
    public async Task AStudyRuns_ItsTrialsAreStored_AndOneCutOffByADeadProcessShowsInterrupted()
    {
        var database = Require();
        int interrupted;
        using (var app = App(database))
        {
            var client = app.CreateClient();
            var created = await (await client.PostJson("/api/studies", new { ensemble = "fashion-mnist-uniform", strategy = "RandomSearch", budget = 40, folds = 5, seed = 1 }))
                .Content.ReadFromJsonAsync<StudyResponse>(ApiClient.Json);
            Assert.Equal(RunStatus.Completed, await app.EndOf(RunKind.Study, created!.Id));
            Assert.Equal(200, (await client.GetJson<TrialPage>($"/api/studies/{created!.Id}/trials")).Total);

            await using var db = await app.Services.GetRequiredService<IDbContextFactory<EnsembleDbContext>>().CreateDbContextAsync();
            Assert.IsType<PostgresEnsembleDbContext>(db);
            // What a crash leaves behind: a Running study with some trials written.
            var study = new StudyRecord { Ensemble = "fashion-mnist-uniform", Members = [new("residual", "x"), new("separable", "y")], Status = RunStatus.Running, Budget = 10, Folds = 5, Alpha = 1, TrialsDone = 2 };
            db.Studies.Add(study);
            await db.SaveChangesAsync();
            interrupted = study.Id;
            db.Trials.AddRange(
                new TrialRecord { StudyId = interrupted, Fold = 1, Number = 1, Weights = [0.5f, 0.5f] },
                new TrialRecord { StudyId = interrupted, Fold = 1, Number = 2, Weights = [0.2f, 0.8f] });
            await db.SaveChangesAsync();
        }

        using var restarted = App(database);
        var again = restarted.CreateClient();
        Assert.Equal(RunStatus.Interrupted, (await again.GetJson<StudyResponse>($"/api/studies/{interrupted}")).Status);
        Assert.Equal(2, (await again.GetJson<TrialPage>($"/api/studies/{interrupted}/trials")).Total);
    }

    // Woken by each refresh of the replica's active versions (every Database:RefreshSeconds), not by a timer of the test's.
    private static Task UntilRefreshed(EnsembleAppFactory app, Func<EnsembleStore, bool> condition)
    {
        var store = app.Services.GetRequiredService<EnsembleStore>();
        return Signals.UntilAsync(
            signal =>
            {
                store.Refreshed += signal;
                return Signals.Subscription(() => store.Refreshed -= signal);
            },
            () => condition(store),
            TimeSpan.FromSeconds(30));
    }

    // A fresh database per test, created by the app's migrations.
    private string Require()
    {
        Prerequisite.Require(PostgresServer.Available, PostgresServer.MissingMessage);

        return server.ConnectionString($"ensemble_{Guid.NewGuid():N}");
    }

    private static EnsembleAppFactory App(string connectionString, double refreshSeconds = 5) => new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = connectionString,
            ["Database:RefreshSeconds"] = refreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };
}
