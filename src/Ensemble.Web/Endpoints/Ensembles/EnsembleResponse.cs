using Ensemble.Core.Ensembling;

namespace Ensemble.Web.Endpoints.Ensembles;

/// <summary>An ensemble version: how it combines, and its members pinned by name and SHA-256 with their weights.</summary>
public sealed record EnsembleResponse(string Name, int Version, EnsembleMethod Method, IReadOnlyList<EnsembleMember> Members)
{
    public static EnsembleResponse From(EnsembleSpec spec) => new(spec.Name, spec.Version, spec.Method, spec.Members);
}
