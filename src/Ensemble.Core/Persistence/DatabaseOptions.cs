namespace Ensemble.Core.Persistence;

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The SQLite file. A relative path is taken from the folder that holds the models folder.</summary>
    public string Path { get; set; } = "data/ensemble.db";

    /// <summary>The Npgsql connection string, for <see cref="DatabaseProvider.Postgres"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long a SQLite command waits for another writer's lock before it fails; Microsoft.Data.Sqlite retries
    /// a busy or locked database until then.
    /// </summary>
    public int BusyTimeoutSeconds { get; set; } = 10;

    /// <summary>How often the active ensemble versions are read again, so replicas pick up each other's changes.</summary>
    public double RefreshSeconds { get; set; } = 5;
}
