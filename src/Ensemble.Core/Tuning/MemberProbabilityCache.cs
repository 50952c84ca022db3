using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ensemble.Core.Inference;
using Ensemble.Core.Memory;
using Ensemble.Core.Models;
using Ensemble.Core.Samples;
using Ensemble.Training.Data;

namespace Ensemble.Core.Tuning;

/// <summary>
/// Each model's class probabilities on the validation and test splits, computed once per model file (keyed by its
/// SHA-256) and reused by every trial and study: tuning never runs the models again.
/// </summary>
public sealed class MemberProbabilityCache(ModelRegistry registry, SampleStore samples, OnnxSessionFactory sessions)
{
    // Small enough that one run's activations stay in the tens of megabytes, large enough to amortize a Run call.
    private const int BatchSize = 64;
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

    /// <summary>
    /// One pass over the split on a session of its own, disposed after it: the serving session's arena would keep
    /// this pass's peak for the life of the model. Batches run in parallel, one per core, each on one thread: with
    /// ONNX Runtime's two threads per batch instead, which hand every small operator over without spinning, the
    /// committed models' validation and test passes took 6.0 s in all instead of 4.8 s, side by side.
    /// </summary>
    private float[] Compute(RegisteredModel model, LabeledImages images)
    {
        var probabilities = new float[images.Count * ModelRegistry.Classes];
        var batches = (images.Count + BatchSize - 1) / BatchSize;
        using (var session = BulkSession(model))
        {
            Parallel.For(
                0,
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => new float[BatchSize * ModelRegistry.Pixels],
                (batch, _, pixels) =>
                {
                    var start = batch * BatchSize;
                    var count = Math.Min(BatchSize, images.Count - start);
                    for (var i = 0; i < count; i++)
                    {
                        images.CopyScaled(start + i, pixels.AsSpan(i * ModelRegistry.Pixels, ModelRegistry.Pixels));
                    }

                    ModelRunner.Run(session, pixels, count, probabilities.AsSpan(start * ModelRegistry.Classes, count * ModelRegistry.Classes));
                    return pixels;
                },
                _ => { });
        }

        NativeHeap.Trim();
        return probabilities;
    }

    private Microsoft.ML.OnnxRuntime.InferenceSession BulkSession(RegisteredModel model)
    {
        var bytes = File.ReadAllBytes(model.Path);
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != model.Sha256)
        {
            // Replaced since it loaded: the watcher swaps it in shortly, and this cache entry is for the old file.
            throw new InvalidOperationException($"The file of model '{model.Name}' changed while it was being scored; try again once it has reloaded.");
        }

        return sessions.CreateBulk(bytes);
    }
}
