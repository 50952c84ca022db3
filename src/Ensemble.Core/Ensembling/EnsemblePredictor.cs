using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Telemetry;

namespace Ensemble.Core.Ensembling;

/// <summary>Runs every member of an ensemble once on the batch and combines their probabilities.</summary>
public sealed class EnsemblePredictor(ModelRegistry registry, EnsembleMetrics metrics)
{
    private const int ParallelBatch = 16;

    /// <param name="pixels">batch × 784 values in [0, 1].</param>
    public EnsemblePrediction Predict(EnsembleSpec spec, float[] pixels, int batch)
    {
        var length = batch * ModelRegistry.Classes;
        var stacked = new float[spec.Members.Count * length];
        var weights = new float[spec.Members.Count];
        var members = new MemberPrediction[spec.Members.Count];
        var models = new RegisteredModel[spec.Members.Count];
        for (var m = 0; m < spec.Members.Count; m++)
        {
            var member = spec.Members[m];
            var model = registry.Find(member.Model) is { IsLoaded: true } found
                ? found
                : throw new EnsembleException(EnsembleErrorKind.Unavailable, $"Member '{member.Model}' of ensemble '{spec.Name}' is not loaded.");
            if (model.Sha256 != member.Sha256)
            {
                throw new EnsembleException(EnsembleErrorKind.Conflict,
                    $"The file of member '{member.Model}' changed since version {spec.Version} of '{spec.Name}' was saved (sha256 {member.Sha256[..12]}… is now {model.Sha256[..12]}…); save a new version to use it.");
            }

            models[m] = model;
            weights[m] = spec.Method == EnsembleMethod.Average ? 1f / spec.Members.Count : member.Weight;
        }

        // Sessions run on one intra-op thread, so a large batch runs its members side by side; small ones stay on
        // the request's thread, where concurrent requests already keep the cores busy.
        if (batch >= ParallelBatch && models.Length > 1)
        {
            Parallel.For(0, models.Length, m => ModelRunner.Run(models[m], pixels, batch, stacked.AsSpan(m * length, length)));
        }
        else
        {
            for (var m = 0; m < models.Length; m++)
            {
                ModelRunner.Run(models[m], pixels, batch, stacked.AsSpan(m * length, length));
            }
        }

        for (var m = 0; m < models.Length; m++)
        {
            members[m] = new MemberPrediction(spec.Members[m].Model, weights[m], stacked.AsSpan(m * length, length).ToArray());
        }

        metrics.Predicted(spec, models, batch);
        var probabilities = new float[length];
        Combiner.WeightedAverage(stacked, weights, probabilities);
        return new EnsemblePrediction(probabilities, members);
    }
}
