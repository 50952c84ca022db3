using Ensemble.Core.Ensembling;
using Ensemble.Tasks;

namespace Ensemble.Web.OpenInference;

/// <summary>What an Open Inference Protocol model name resolves to: one member model or one ensemble version, and its task.</summary>
internal sealed record OipTarget(EnsembleSpec Spec, string Platform, TaskDefinition Task)
{
    public string Version => Spec.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool IsEnsemble => Platform == OipProtocol.EnsemblePlatform;
}
