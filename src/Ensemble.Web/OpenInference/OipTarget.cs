using Ensemble.Core.Ensembling;
using Ensemble.Training.Tasks;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>What an Open Inference Protocol model name resolves to: one member model or one ensemble version, and its task.</summary>
internal sealed record OipTarget(EnsembleSpec Spec, IReadOnlyList<string> Versions, string Platform, TaskDefinition Task);
