using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Telemetry;

namespace Ensemble.Core.Ensembling;

/// <summary>
/// Runs every member of an ensemble once on the batch and combines their probabilities. Each member is leased
/// for the whole prediction, so a model file swapped mid-request cannot dispose the session the request runs on.
/// </summary>
public sealed class EnsemblePredictor(ModelRegistry registry, BatchScheduler scheduler, EnsembleMetrics metrics)
{
    private const int ParallelBatch = 16;

    /// <param name="pixels">batch × 784 values in [0, 1].</param>
    public async Task<EnsemblePrediction> PredictAsync(EnsembleSpec spec, float[] pixels, int batch)
    {
        var length = batch * ModelRegistry.Classes;
        var stacked = new float[spec.Members.Count * length];
        var weights = new float[spec.Members.Count];
        var models = new List<RegisteredModel>(spec.Members.Count);
        try
        {
            for (var m = 0; m < spec.Members.Count; m++)
            {
                var member = spec.Members[m];
                var model = registry.Lease(member.Model)
                    ?? throw new RefusalException(RefusalKind.Unavailable, $"Member '{member.Model}' of ensemble '{spec.Name}' is not loaded.");
                models.Add(model);
                if (spec.Pinned && model.Sha256 != member.Sha256)
                {
                    throw new RefusalException(RefusalKind.Conflict,
                        $"The file of member '{member.Model}' changed since version {spec.Version} of '{spec.Name}' was saved (sha256 {member.Sha256[..12]}… is now {model.Sha256[..12]}…); save a new version to use it.");
                }

                weights[m] = spec.Method == EnsembleMethod.Average ? 1f / spec.Members.Count : member.Weight;
            }

            if (scheduler.Queues(batch))
            {
                // Each member's queue runs this request with whatever else is waiting for that model.
                await scheduler.RunAllAsync(models, pixels, batch, stacked);
            }
            else if (batch >= ParallelBatch && models.Count > 1)
            {
                // Sessions run on one intra-op thread, so a large batch runs its members side by side.
                Parallel.For(0, models.Count, m => scheduler.Run(models[m], pixels, batch, stacked.AsSpan(m * length, length)));
            }
            else
            {
                for (var m = 0; m < models.Count; m++)
                {
                    scheduler.Run(models[m], pixels, batch, stacked.AsSpan(m * length, length));
                }
            }
        }
        finally
        {
            models.ForEach(ModelRegistry.Return);
        }

        var members = new MemberPrediction[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            members[m] = new MemberPrediction(spec.Members[m].Model, weights[m], stacked.AsSpan(m * length, length).ToArray());
        }

        metrics.Predicted(spec, batch);
        var probabilities = new float[length];
        Combiner.WeightedAverage(stacked, weights, probabilities);
        return new EnsemblePrediction(probabilities, members);
    }
}
