using Ensemble.Core.Models;

namespace Ensemble.Web.Endpoints.Models;

/// <summary>A model the registry found: where it runs, whether it serves, and how well it scored when trained.</summary>
public sealed record ModelResponse(
    string Name,
    string? Architecture,
    long? Parameters,
    string Provider,
    ModelStatus Status,
    string? Error,
    double? ValidationAccuracy,
    double? TestAccuracy,
    double? ValidationLogLoss,
    double? TestLogLoss,
    string Sha256)
{
    public static ModelResponse From(RegisteredModel m) => new(
        m.Name, m.Architecture, m.Parameters, m.Provider, m.Status, m.Error,
        m.Validation?.Accuracy, m.Test?.Accuracy, m.Validation?.LogLoss, m.Test?.LogLoss, m.Sha256);
}
