using Ensemble.Core.Models;

namespace Ensemble.Core.Ensembling;

/// <summary>
/// Which members of a stored version no longer match the files being served: their file changed (another
/// SHA-256), failed or went away. Such a version is refused for prediction until someone saves a new one.
/// </summary>
public static class EnsembleReview
{
    public static IReadOnlyList<string> ChangedMembers(EnsembleSpec spec, ModelRegistry registry) =>
        [.. spec.Members.Where(m => registry.Find(m.Model) is not { IsLoaded: true } model || model.Sha256 != m.Sha256).Select(m => m.Model)];
}
