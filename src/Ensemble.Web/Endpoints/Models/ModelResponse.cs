using Ensemble.Core.Models;
using Ensemble.Core.Scoring;

namespace Ensemble.Web.Endpoints.Models;

/// <summary>
/// A model the registry found: its task, where it runs, what one input costs (MFLOP, from its sidecar or counted
/// from its graph; and milliseconds, measured on this machine at batch 1 and per input at batch 32, null until the
/// app has timed it), whether it serves (a failed one says why), how it is adapted to its task, and how well it
/// scores on the task's validation and test splits (from its sidecar, or computed by the app: <c>metricsSource</c>
/// says which; null while the app is still computing them).
/// </summary>
public sealed record ModelResponse(
    string Name,
    string Task,
    string? Architecture,
    long? Parameters,
    string Provider,
    ModelStatus Status,
    string? Error,
    double? ValidationAccuracy,
    double? TestAccuracy,
    double? ValidationLogLoss,
    double? TestLogLoss,
    string? MetricsSource,
    AdapterResponse? Adapter,
    string Sha256,
    double? MegaFlops,
    MemberTiming? Milliseconds)
{
    public static ModelResponse From(RegisteredModel m, MemberScores scores, MemberTimings timings)
    {
        var (validation, test, source) = m.IsLoaded ? scores.Of(m) : (m.Validation, m.Test, null);
        return new(
            m.Name, m.TaskName, m.Architecture, m.Parameters, m.Provider, m.Status, m.Error,
            validation?.Accuracy, test?.Accuracy, validation?.LogLoss, test?.LogLoss, source,
            m.Adapter is { } adapter ? AdapterResponse.From(adapter) : null, m.Sha256, m.MegaFlops, m.IsLoaded ? timings.Of(m) : null);
    }
}
