namespace Ensemble.Core.Ensembling;

/// <summary>A member pinned to the file it was scored with, so that weights fitted on it never apply to a changed file.</summary>
public sealed record PinnedMember(string Model, string Sha256)
{
    /// <summary>The stored form, "name@sha256".</summary>
    public override string ToString() => $"{Model}@{Sha256}";

    public static PinnedMember Parse(string pinned)
    {
        var at = pinned.LastIndexOf('@');
        return at > 0 ? new PinnedMember(pinned[..at], pinned[(at + 1)..]) : throw new FormatException($"'{pinned}' is not a pinned member (name@sha256).");
    }
}
