using System.Globalization;
using Ensemble.Core.Batching;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Telemetry;
using Ensemble.Core.Versions;

namespace Ensemble.Web.OpenInference;

/// <summary>
/// Triton's model configuration, repository index and statistics extensions, decided once for both protocols: REST
/// writes them as Triton's JSON, gRPC as its protobuf messages.
/// </summary>
internal sealed class OipRepository(OipModels models, ModelRegistry registry, EnsembleStore store, EnsembleMetrics metrics,
    InferenceOptions inference, BatchingOptions batching, BatchScheduler scheduler)
{
    public async Task<OipModelConfiguration> ConfigurationAsync(string name, string? version, CancellationToken cancellation)
    {
        var target = await models.ResolveAsync(name, version, cancellation);
        var task = target.Task;
        List<KeyValuePair<string, string>> parameters = [new("task", task.Name), new("classes", string.Join(",", task.Classes))];
        if (target.IsEnsemble)
        {
            var spec = target.Spec;
            // The steps are what a request runs: a member of weight 0 is not one of them.
            var steps = EnsembleSpec.Running(spec.Method, spec.Members).Select(m => new OipEnsembleStep(m.Model, spec.WeightOf(m))).ToList();
            parameters.Add(new("method", spec.Method.ToString()));
            parameters.Add(new("version", target.Version));
            parameters.Add(new("weights", string.Join(",", steps.Select(s => $"{s.Model}={s.Weight.ToString("R", CultureInfo.InvariantCulture)}"))));
            return new OipModelConfiguration(name, target.Platform, "", inference.MaxBatch, Dims(target), task.Classes.Count, parameters, steps, null, null);
        }

        return new OipModelConfiguration(name, target.Platform, "onnxruntime", inference.MaxBatch, Dims(target), task.Classes.Count, parameters, [],
            new OipInstanceGroup(registry.Provider == "CUDA" ? "KIND_GPU" : "KIND_CPU", scheduler.Enabled ? batching.Instances : 1),
            scheduler.Enabled ? new OipDynamicBatching(batching.MaxBatchSize, batching.MaxQueueDelayMicroseconds) : null);
    }

    /// <summary>Every member model and every stored ensemble version, with its state; only the ready ones if asked.</summary>
    public async Task<List<OipRepositoryEntry>> IndexAsync(bool readyOnly, CancellationToken cancellation)
    {
        var entries = new List<OipRepositoryEntry>();
        foreach (var model in registry.Models.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            entries.Add(model.IsLoaded
                ? new OipRepositoryEntry(model.Name, InferenceStatistics.MemberVersion, "READY", null)
                : new OipRepositoryEntry(model.Name, InferenceStatistics.MemberVersion, "UNAVAILABLE", model.Error));
        }

        foreach (var active in store.AllActive())
        {
            foreach (var version in await store.VersionsAsync(active.Name, cancellation))
            {
                // The listing already holds each version's members: no version is read again to judge it.
                var why = models.WhyNotReady(active.Name, version.Task, version.Method, version.Members);
                entries.Add(new OipRepositoryEntry(active.Name, version.Version.ToString(CultureInfo.InvariantCulture), why is null ? "READY" : "UNAVAILABLE", why));
            }
        }

        return readyOnly ? [.. entries.Where(e => e.State == "READY")] : entries;
    }

    /// <summary>
    /// The counters of every model version that served, or with a name those of that model (every version that
    /// served, or the version asked for; a version that has not served yet shows zeros).
    /// </summary>
    public async Task<IReadOnlyList<(string Model, string Version, ModelCounters Counters)>> StatisticsAsync(string? name, string? version, CancellationToken cancellation)
    {
        if (string.IsNullOrEmpty(name))
        {
            return metrics.Statistics.All();
        }

        var target = await models.ResolveAsync(name, version, cancellation);
        var served = metrics.Statistics.All().Where(c => c.Model == name && (string.IsNullOrEmpty(version) || c.Version == target.Version)).ToList();
        return served.Count > 0 ? served : [(name, target.Version, metrics.Statistics.For(name, target.Version))];
    }

    private static List<long> Dims(OipTarget target) => [.. target.Task.Input.Shape.Select(d => (long)d)];
}
