using System.Diagnostics.Metrics;

namespace Ensemble.Core.Telemetry;

/// <summary>
/// The app's own instruments (System.Diagnostics.Metrics; /metrics exports them prefixed with the meter's name,
/// as ensemble_model_executions and so on). As in Triton, a model's inferences divided by its executions is the
/// average batch it ran on.
/// </summary>
public sealed class EnsembleMetrics
{
    public const string MeterName = "Ensemble";

    private readonly Counter<long> _predictions;
    private readonly Counter<long> _inferences;
    private readonly Counter<long> _executions;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<int> _executionSize;
    private readonly Histogram<double> _queueTime;
    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;

    public EnsembleMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _predictions = meter.CreateCounter<long>("predictions", "{prediction}", "Ensemble predictions served, by ensemble");
        _inferences = meter.CreateCounter<long>("model.inferences", "{image}", "Images a model classified");
        _executions = meter.CreateCounter<long>("model.executions", "{run}", "ONNX Runtime runs of a model");
        _batchSize = meter.CreateHistogram<int>("batch.size", "{image}", "Images per ensemble prediction");
        _executionSize = meter.CreateHistogram<int>("model.batch.size", "{image}", "Images per ONNX Runtime run of a model, after dynamic batching");
        _queueTime = meter.CreateHistogram<double>("model.queue.time", "s", "Time a request waited in a model's batching queue");
        _started = meter.CreateCounter<long>("work.started", "{run}", "Studies, training jobs and searches started, by kind");
        _finished = meter.CreateCounter<long>("work.finished", "{run}", "Studies, training jobs and searches finished, by kind and status");
    }

    /// <summary>The same counts per model version, for the Open Inference Protocol's statistics routes.</summary>
    public InferenceStatistics Statistics { get; } = new();

    /// <summary>
    /// A prediction of <paramref name="batch"/> images answered in <paramref name="duration"/> by ensemble
    /// <paramref name="name"/> at <paramref name="version"/>, or by a member served alone when the version is null.
    /// </summary>
    public void Predicted(string name, int? version, int batch, TimeSpan duration)
    {
        _predictions.Add(1, new KeyValuePair<string, object?>("ensemble", name));
        _batchSize.Record(batch);
        var counters = Statistics.For(name, VersionOf(version));
        counters.Succeeded(duration);
        if (version is not null)
        {
            // A member model's own runs count its images; an ensemble's only count here.
            counters.Executed(batch, duration);
        }
    }

    /// <summary>A prediction that ensemble <paramref name="name"/> could not answer (a member gone or changed, a bad input).</summary>
    public void Failed(string name, int? version, TimeSpan duration) => Statistics.For(name, VersionOf(version)).Failed(duration);

    /// <summary>One ONNX Runtime run of a model over <paramref name="batch"/> images.</summary>
    public void Executed(string model, int batch, TimeSpan compute)
    {
        var tag = new KeyValuePair<string, object?>("model", model);
        _inferences.Add(batch, tag);
        _executions.Add(1, tag);
        _executionSize.Record(batch, tag);
        Statistics.For(model, InferenceStatistics.MemberVersion).Executed(batch, compute);
    }

    public void Queued(string model, TimeSpan wait)
    {
        _queueTime.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("model", model));
        Statistics.For(model, InferenceStatistics.MemberVersion).Queued(wait);
    }

    private static string VersionOf(int? version) =>
        version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? InferenceStatistics.MemberVersion;

    public void Started(string kind) => _started.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Finished(string kind, string status) =>
        _finished.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("status", status));
}
