using System.Collections.Concurrent;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Telemetry;

namespace Ensemble.Core.Batching;

/// <summary>
/// Routes small predictions through each member model's queue so that concurrent requests share runs; large
/// ones, or all of them when batching is off, run directly. A model's queue lives as long as its session.
/// </summary>
public sealed class BatchScheduler(BatchingOptions options, OnnxSessionFactory sessions, EnsembleMetrics metrics)
{
    private readonly bool _enabled = options.Mode == BatchingMode.On || (options.Mode == BatchingMode.Auto && sessions.Provider == "CUDA");

    private readonly ConcurrentDictionary<RegisteredModel, Lazy<ModelBatcher>> _batchers = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether small predictions go through the models' queues at all.</summary>
    public bool Enabled => _enabled;

    /// <summary>Whether a prediction of <paramref name="count"/> images goes through the queues.</summary>
    public bool Queues(int count) => _enabled && count < options.MaxBatchSize;

    /// <summary>
    /// Runs every model, all of one task, on the same <paramref name="count"/> rows through their queues; model m
    /// writes its probabilities to block m of <paramref name="stacked"/>. The caller holds a lease on each model
    /// (<see cref="ModelRegistry.Lease"/>) until this completes.
    /// </summary>
    public Task RunAllAsync(IReadOnlyList<RegisteredModel> models, Memory<float> input, int count, Memory<float> stacked)
    {
        var completion = new PredictionCompletion(models.Count);
        var length = count * models[0].Adapter!.Classes;
        var batchers = new ModelBatcher[models.Count];
        var items = new BatchItem[models.Count];
        // Queue every member first, so other requests' threads can run this one's members while it runs theirs.
        for (var m = 0; m < models.Count; m++)
        {
            batchers[m] = _batchers.GetOrAdd(models[m], model => new Lazy<ModelBatcher>(() => Create(model))).Value;
            items[m] = batchers[m].Enqueue(input, count, stacked.Slice(m * length, length), completion);
        }

        for (var m = 0; m < models.Count; m++)
        {
            batchers[m].Drain(items[m]);
        }

        return completion.Task;
    }

    /// <summary>
    /// Runs <paramref name="model"/> on the caller's thread, alone, in runs of at most Batching:MaxBatchSize images:
    /// a session's memory arena keeps the peak of its largest run for good, so no request may make that peak larger.
    /// The caller holds a lease.
    /// </summary>
    public void Run(RegisteredModel model, Memory<float> input, int count, Span<float> probabilities)
    {
        var (size, classes) = (model.Adapter!.SampleSize, model.Adapter.Classes);
        for (var start = 0; start < count; start += options.MaxBatchSize)
        {
            var rows = Math.Min(options.MaxBatchSize, count - start);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            model.Run(input.Slice(start * size), rows, probabilities.Slice(start * classes, rows * classes));
            metrics.Executed(model.Name, rows, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private ModelBatcher Create(RegisteredModel model)
    {
        var batcher = new ModelBatcher(model, options, metrics);
        // The last run on a swapped-out model has ended, so nothing is queued or can queue on it any more.
        model.Released += () =>
        {
            _batchers.TryRemove(model, out _);
            batcher.Complete();
        };
        return batcher;
    }
}
