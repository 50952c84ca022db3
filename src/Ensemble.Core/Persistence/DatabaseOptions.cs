namespace Ensemble.Core.Persistence;

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The SQLite file. A relative path is taken from the folder that holds the models folder.</summary>
    public string Path { get; set; } = "data/ensemble.db";
}
