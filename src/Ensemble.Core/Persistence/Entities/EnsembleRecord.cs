namespace Ensemble.Core.Persistence.Entities;

/// <summary>A named ensemble and the pointer to its active version; the versions themselves never change.</summary>
public sealed class EnsembleRecord
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The task whose members the ensemble combines; every version keeps to it.</summary>
    public string Task { get; set; } = "";

    public int ActiveVersion { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public List<EnsembleVersionRecord> Versions { get; set; } = [];
}
