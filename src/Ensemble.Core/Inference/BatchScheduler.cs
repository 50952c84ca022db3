using System.Collections.Concurrent;
using Ensemble.Core.Models;
using Ensemble.Core.Telemetry;

namespace Ensemble.Core.Inference;

/// <summary>
/// Routes small predictions through each member model's queue so that concurrent requests share runs; large
/// ones, or all of them when batching is off, run directly. A model's queue lives as long as its session.
/// </summary>
public sealed class BatchScheduler(BatchingOptions options, OnnxSessionFactory sessions, EnsembleMetrics metrics)
{
    private readonly bool _enabled = options.Mode == BatchingMode.On || (options.Mode == BatchingMode.Auto && sessions.Provider == "CUDA");

    private readonly ConcurrentDictionary<RegisteredModel, Lazy<ModelBatcher>> _batchers = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether a prediction of <paramref name="count"/> images goes through the queues.</summary>
    public bool Queues(int count) => _enabled && count < options.MaxBatchSize;

    /// <summary>
    /// Queues <paramref name="count"/> images for <paramref name="model"/>. The caller holds a lease on the model
    /// (<see cref="ModelRegistry.Lease"/>) until this completes.
    /// </summary>
    public Task RunAsync(RegisteredModel model, Memory<float> pixels, int count, Memory<float> probabilities) =>
        _batchers.GetOrAdd(model, m => new Lazy<ModelBatcher>(() => Create(m))).Value.RunAsync(pixels, count, probabilities);

    /// <summary>Runs <paramref name="model"/> on the caller's thread, alone; the caller holds a lease.</summary>
    public void Run(RegisteredModel model, Memory<float> pixels, int count, Span<float> probabilities)
    {
        ModelRunner.Run(model, pixels, count, probabilities);
        metrics.Executed(model, count);
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
