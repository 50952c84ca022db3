using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;

namespace Ensemble.Web.Endpoints.Ensembles;

/// <summary>
/// The active version of an ensemble, and the task whose members it combines: its members with their weights and
/// temperatures, the mixture's temperature, the confidence below which it abstains (null: never) and what one input
/// costs in MFLOP over the members it runs (null when a member has no count).
/// <c>needsReview</c> names the members whose files changed since the version was saved: predictions with it are
/// refused (409) until a new version pins the new files.
/// </summary>
public sealed record EnsembleResponse(
    string Name, string Task, int Version, EnsembleMethod Method, IReadOnlyList<EnsembleMember> Members, IReadOnlyList<string> NeedsReview, float Temperature, float? AbstainBelow, double? MegaFlops)
{
    public static EnsembleResponse From(EnsembleSpec spec, ModelRegistry registry) =>
        new(spec.Name, spec.Task, spec.Version, spec.Method, spec.Members, EnsembleReview.ChangedMembers(spec, registry), spec.Temperature, spec.AbstainBelow, EnsembleCost.MegaFlops(spec, registry));
}
