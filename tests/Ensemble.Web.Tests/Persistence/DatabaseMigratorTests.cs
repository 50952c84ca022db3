using Ensemble.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Web.Tests.Persistence;

/// <summary>Replicas migrating one new PostgreSQL database at once, as they do when started together.</summary>
public sealed class DatabaseMigratorTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [SkippableFact]
    public async Task ReplicasMigratingANewDatabaseTogether_AllSucceed_AndApplyEachMigrationOnce()
    {
        Prerequisite.Require(PostgresServer.Available, PostgresServer.MissingMessage);
        var options = new DbContextOptionsBuilder<PostgresEnsembleDbContext>().UseNpgsql(server.ConnectionString($"ensemble_{Guid.NewGuid():N}")).Options;
        var replicas = Enumerable.Range(0, 6).Select(_ => new PostgresEnsembleDbContext(options)).ToList();

        await Task.WhenAll(replicas.Select(db => Task.Run(() => DatabaseMigrator.MigrateAsync(db))));

        await using var check = new PostgresEnsembleDbContext(options);
        Assert.Equal(check.Database.GetMigrations(), await check.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        foreach (var db in replicas)
        {
            await db.DisposeAsync();
        }
    }
}
