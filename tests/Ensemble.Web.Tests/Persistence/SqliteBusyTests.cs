using System.Net;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Tests.Endpoints;
using Microsoft.Data.Sqlite;

namespace Ensemble.Web.Tests.Persistence;

public sealed class SqliteBusyTests
{
    [Fact]
    public async Task AWriteBlockedPastTheBusyTimeout_Gets503WithRetryAfter_ChangesNothing_AndSucceedsOnceTheLockIsGone()
    {
        using var app = new EnsembleAppFactory { Settings = new Dictionary<string, string> { ["Database:BusyTimeoutSeconds"] = "1" } };
        var client = app.CreateClient();
        var body = new { name = "patient", method = "Average", weights = new { residual = 1, separable = 1 } };

        HttpResponseMessage blocked;
        await using (var other = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            // Another process holds the write lock for as long as this block runs.
            await other.OpenAsync();
            await using var lockHolder = other.CreateCommand();
            lockHolder.CommandText = "BEGIN IMMEDIATE;";
            await lockHolder.ExecuteNonQueryAsync();

            blocked = await client.PostJson("/api/ensembles", body);
            Assert.DoesNotContain("patient", await client.GetStringAsync("/api/ensembles"), StringComparison.Ordinal);
        }

        var retried = await client.PostJson("/api/ensembles", body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, blocked.StatusCode);
        Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", blocked.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Contains(await client.GetJson<EnsembleResponse[]>("/api/ensembles"), e => e.Name == "patient");
    }
}
