using System.Collections.Concurrent;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Samples;
using Ensemble.Training.Data;

namespace Ensemble.Core.Tuning;

/// <summary>
/// Each model's class probabilities on the validation and test splits, computed once per model file (keyed by its
/// SHA-256) and reused by every trial and study: tuning never runs the models again.
/// </summary>
public sealed class MemberProbabilityCache(ModelRegistry registry, SampleStore samples)
{
    private const int BatchSize = 256;
    private readonly ConcurrentDictionary<(string Sha, string Split), Lazy<float[]>> _cache = new();

    /// <summary>The table of <paramref name="members"/> on "validation" or "test".</summary>
    public ProbabilityTable Table(IReadOnlyList<string> members, string split)
    {
        var images = samples.Split(split) ?? throw new ArgumentException($"Unknown split '{split}'.", nameof(split));
        var blocks = members.Select(name =>
        {
            var model = registry.Lease(name) ?? throw new ArgumentException($"'{name}' is not a loaded model.");
            try
            {
                return _cache.GetOrAdd((model.Sha256, split), _ => new Lazy<float[]>(() => Compute(model, images))).Value;
            }
            finally
            {
                ModelRegistry.Return(model);
            }
        }).ToList();
        return new ProbabilityTable(members, blocks, images.Labels);
    }

    private static float[] Compute(RegisteredModel model, LabeledImages images)
    {
        var probabilities = new float[images.Count * ModelRegistry.Classes];
        var batches = (images.Count + BatchSize - 1) / BatchSize;
        // Sessions run on one intra-op thread; batches in parallel use every core for this one-off pass.
        Parallel.For(0, batches, () => new float[BatchSize * ModelRegistry.Pixels], (b, _, pixels) =>
        {
            var start = b * BatchSize;
            var count = Math.Min(BatchSize, images.Count - start);
            for (var i = 0; i < count; i++)
            {
                images.CopyScaled(start + i, pixels.AsSpan(i * ModelRegistry.Pixels, ModelRegistry.Pixels));
            }

            ModelRunner.Run(model, pixels, count, probabilities.AsSpan(start * ModelRegistry.Classes, count * ModelRegistry.Classes));
            return pixels;
        }, _ => { });
        return probabilities;
    }
}
