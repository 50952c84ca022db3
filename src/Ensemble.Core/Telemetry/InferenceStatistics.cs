using System.Collections.Concurrent;

namespace Ensemble.Core.Telemetry;

/// <summary>
/// Per model and version totals for the statistics routes, fed where the /metrics instruments are. A member model
/// is version "1" and counts its ONNX Runtime runs (images, runs, queue waits, compute); an ensemble version counts
/// the requests it answered, each one execution whose compute is the whole prediction.
/// </summary>
public sealed class InferenceStatistics
{
    public const string MemberVersion = "1";

    private readonly ConcurrentDictionary<(string Model, string Version), ModelCounters> _counters = new();

    /// <summary>Every model version that has been asked for something, by name then version.</summary>
    public IReadOnlyList<(string Model, string Version, ModelCounters Counters)> All() =>
        [.. _counters.OrderBy(c => c.Key.Model, StringComparer.Ordinal).ThenBy(c => c.Key.Version, StringComparer.Ordinal).Select(c => (c.Key.Model, c.Key.Version, c.Value))];

    /// <summary>The totals of one model version; zeros when it has served nothing yet.</summary>
    public ModelCounters For(string model, string version) => _counters.GetOrAdd((model, version), _ => new ModelCounters());
}
