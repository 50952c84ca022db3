namespace Ensemble.Core.Persistence;

/// <summary>Where ensembles, studies, jobs and searches are stored.</summary>
public enum DatabaseProvider
{
    /// <summary>A file beside the models: one app, or several on one machine.</summary>
    Sqlite,

    /// <summary>A server that several replicas share.</summary>
    Postgres,
}
