using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Ensemble.Core.Persistence;

/// <summary>Brings the database to the newest migration, safely when replicas sharing it start together, and sets it up.</summary>
public static class DatabaseMigrator
{
    // Any fixed key will do, as long as every replica uses the same one.
    private const long PostgresMigrationLock = 0x456E73656D626C65;

    /// <summary>Migrates, then switches a SQLite file to write-ahead logging, so that readers never wait on the writer.</summary>
    public static async Task PrepareAsync(EnsembleDbContext db, CancellationToken cancellation = default)
    {
        await MigrateAsync(db, cancellation);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellation);
        }
    }

    public static async Task MigrateAsync(EnsembleDbContext db, CancellationToken cancellation = default)
    {
        if (!db.Database.IsNpgsql())
        {
            // One SQLite file has one app; its own write lock is enough.
            await db.Database.MigrateAsync(cancellation);
            return;
        }

        await CreatePostgresDatabaseAsync(db, cancellation);
        // Replicas that each apply a migration the other has half applied fail on its tables or columns, so they
        // take turns: the second waits here, then finds the first one's migrations in the history.
        await db.Database.OpenConnectionAsync(cancellation);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({PostgresMigrationLock})", cancellation);
            await db.Database.MigrateAsync(cancellation);
        }
        finally
        {
            // Closing the session would release the lock too, but a pooled connection keeps its session.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgresMigrationLock})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    // The advisory lock needs a database to connect to; of replicas creating it together, one wins.
    private static async Task CreatePostgresDatabaseAsync(EnsembleDbContext db, CancellationToken cancellation)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellation))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellation);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
        }
    }
}
