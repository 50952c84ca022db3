namespace Ensemble.Core.Ensembling;

/// <summary>Where a version's weights came from.</summary>
public enum Provenance
{
    /// <summary>Created at first start: every loaded model, equal weights.</summary>
    Default,

    /// <summary>Set by a person through the API or the dashboard.</summary>
    Manual,

    /// <summary>Applied from a tuning study.</summary>
    Study,

    /// <summary>Seeded from a definition file in the task's folder.</summary>
    Committed,
}
