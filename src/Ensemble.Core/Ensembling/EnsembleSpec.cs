using System.Text.Json.Serialization;

namespace Ensemble.Core.Ensembling;

/// <summary>
/// One version of an ensemble of one task's members: what a prediction combines. A pinned spec (every stored
/// version) runs only on the member files it was saved with; an unpinned one (a single model addressed directly)
/// follows its file.
/// </summary>
public sealed record EnsembleSpec(string Name, int Version, EnsembleMethod Method, IReadOnlyList<EnsembleMember> Members, [property: JsonIgnore] bool Pinned = true)
{
    /// <summary>The task whose members this combines, and whose input and classes it speaks.</summary>
    public string Task { get; init; } = "";

    /// <summary>The temperature the mixture is scaled by before it is served (1: as mixed).</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>A prediction whose largest probability is below this is flagged to abstain; null: never.</summary>
    public float? AbstainBelow { get; init; }

    /// <summary>The version its statistics count under: a stored version's number, or null for a model served alone.</summary>
    [JsonIgnore]
    public int? StatisticsVersion => Pinned ? Version : null;

    /// <summary>Whether any temperature of this version differs from 1.</summary>
    [JsonIgnore]
    public bool IsTempered => Temperature != 1f || Members.Any(m => m.Temperature != 1f);

    /// <summary>The weight member <paramref name="m"/> gets in the average: 1/n for Average, its own otherwise.</summary>
    public float WeightOf(int m) => WeightOf(Members[m]);

    /// <summary>The weight <paramref name="member"/>, one of this spec's members, gets in the average.</summary>
    public float WeightOf(EnsembleMember member) => Method == EnsembleMethod.Average ? 1f / Members.Count : member.Weight;

    /// <summary>The members a prediction runs: every member of an Average, those of positive weight otherwise.</summary>
    public static IEnumerable<EnsembleMember> Running(EnsembleMethod method, IEnumerable<EnsembleMember> members) =>
        method == EnsembleMethod.Average ? members : members.Where(m => m.Weight > 0f);
}
