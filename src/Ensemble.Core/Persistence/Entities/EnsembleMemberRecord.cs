namespace Ensemble.Core.Persistence.Entities;

/// <summary>A member of a version, pinned by model name and the SHA-256 of its file, with its normalized weight.</summary>
public sealed class EnsembleMemberRecord
{
    public int Id { get; set; }

    public int VersionId { get; set; }

    public int Position { get; set; }

    public required string Model { get; set; }

    public required string Sha256 { get; set; }

    public double Weight { get; set; }

    /// <summary>The temperature scaling of this member's probabilities, fitted by a study; 1 leaves them as they are.</summary>
    public double Temperature { get; set; } = 1;
}
