using Ensemble.Core.Models;

namespace Ensemble.Core.Ensembling;

/// <summary>
/// The ensembles that can serve. For now the built-in <c>uniform</c> ensemble over every loaded model;
/// stored, versioned ensembles join it through the ensemble store.
/// </summary>
public sealed class EnsembleCatalog(ModelRegistry registry)
{
    public const string Uniform = "uniform";

    public EnsembleSpec? Find(string name) => name == Uniform ? UniformSpec() : null;

    public IReadOnlyList<EnsembleSpec> All() => [UniformSpec()];

    private EnsembleSpec UniformSpec()
    {
        var loaded = registry.Loaded.ToList();
        return new EnsembleSpec(Uniform, 1, EnsembleMethod.Average, [.. loaded.Select(m => new EnsembleMember(m.Name, m.Sha256, 1f / loaded.Count))]);
    }
}
