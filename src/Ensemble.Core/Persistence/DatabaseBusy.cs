namespace Ensemble.Core.Persistence;

/// <summary>
/// A write the store refused because another writer held the database past its busy timeout. Nothing was written,
/// so the same action may simply be tried again: REST answers 503 with Retry-After, the dashboard says so and keeps
/// what the user entered.
/// </summary>
public static class DatabaseBusy
{
    public const string Message = "The database stayed locked by another writer past Database:BusyTimeoutSeconds; nothing was changed. Retry shortly.";

    /// <summary>SQLite's BUSY (5) or LOCKED (6), or a transient PostgreSQL failure, possibly wrapped by EF Core.</summary>
    public static bool Is(Exception exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } or Npgsql.NpgsqlException { IsTransient: true }
        || (exception.InnerException is { } inner && Is(inner));
}
