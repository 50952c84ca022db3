using System.Text.Json.Serialization;

namespace Ensemble.Core.Ensembling;

/// <summary>
/// One version of an ensemble: what a prediction combines. A pinned spec (every stored version) runs only on
/// the member files it was saved with; an unpinned one (a single model addressed directly) follows its file.
/// </summary>
public sealed record EnsembleSpec(string Name, int Version, EnsembleMethod Method, IReadOnlyList<EnsembleMember> Members, [property: JsonIgnore] bool Pinned = true);
