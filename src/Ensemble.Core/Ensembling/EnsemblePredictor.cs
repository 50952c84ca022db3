using Ensemble.Core.Batching;
using Ensemble.Core.Calibration;
using Ensemble.Core.Models;
using Ensemble.Core.Telemetry;

namespace Ensemble.Core.Ensembling;

/// <summary>
/// Runs every member of an ensemble once on the batch, each through its adapter, scales each member's probabilities
/// by its temperature, combines them in the task's class order and scales the mixture by the version's own. Members
/// of weight 0 are not run: they neither mix nor vote, and a study that zeroes most of its members should serve at
/// the cost of the rest. Each member is leased for the whole prediction, so a model file swapped mid-request
/// cannot dispose the session the request runs on.
/// </summary>
public sealed class EnsemblePredictor(ModelRegistry registry, BatchScheduler scheduler, EnsembleMetrics metrics)
{
    private const int ParallelBatch = 16;

    /// <param name="input">batch × the task's sample size: C×H×W values in [0, 1], or F features, per row.</param>
    public async Task<EnsemblePrediction> PredictAsync(EnsembleSpec spec, float[] input, int batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        EnsembleMember[] running = [.. EnsembleSpec.Running(spec.Method, spec.Members)];
        if (running.Length == 0)
        {
            throw new RefusalException(RefusalKind.Invalid, $"Ensemble '{spec.Name}' gives every member weight 0.");
        }

        var models = new List<RegisteredModel>(running.Length);
        var weights = new float[running.Length];
        float[] stacked;
        int length;
        try
        {
            for (var m = 0; m < running.Length; m++)
            {
                var member = running[m];
                var model = registry.Lease(member.Model)
                    ?? throw new RefusalException(RefusalKind.Unavailable, $"Member '{member.Model}' of ensemble '{spec.Name}' is not loaded.");
                models.Add(model);
                if (spec.Pinned && model.Sha256 != member.Sha256)
                {
                    throw new RefusalException(RefusalKind.Conflict,
                        $"The file of member '{member.Model}' changed since version {spec.Version} of '{spec.Name}' was saved (sha256 {member.Sha256[..12]}… is now {model.Sha256[..12]}…); save a new version to use it.");
                }

                if (model.TaskName != spec.Task && spec.Pinned)
                {
                    throw new RefusalException(RefusalKind.Conflict,
                        $"Member '{member.Model}' of ensemble '{spec.Name}' now belongs to task '{model.TaskName}', not '{spec.Task}'; save a new version with members of '{spec.Task}'.");
                }

                weights[m] = spec.WeightOf(member);
            }

            var size = models[0].Adapter!.SampleSize;
            if (input.Length < batch * size)
            {
                throw new ArgumentException($"{input.Length} values do not make {batch} rows of {size}.", nameof(input));
            }

            length = batch * models[0].Adapter!.Classes;
            stacked = new float[running.Length * length];

            if (scheduler.Queues(batch))
            {
                // Each member's queue runs this request with whatever else is waiting for that model.
                await scheduler.RunAllAsync(models, input, batch, stacked);
            }
            else if (batch >= ParallelBatch && models.Count > 1)
            {
                // Sessions run on one intra-op thread, so a large batch runs its members side by side.
                Parallel.For(0, models.Count, m => scheduler.Run(models[m], input, batch, stacked.AsSpan(m * length, length)));
            }
            else
            {
                for (var m = 0; m < models.Count; m++)
                {
                    scheduler.Run(models[m], input, batch, stacked.AsSpan(m * length, length));
                }
            }
        }
        catch
        {
            metrics.Failed(spec.Name, spec.StatisticsVersion, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            throw;
        }
        finally
        {
            models.ForEach(ModelRegistry.Return);
        }

        var classes = length / batch;
        var members = new MemberPrediction[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            var block = stacked.AsSpan(m * length, length);
            var member = running[m];
            TemperatureScaling.Apply(block, classes, member.Temperature, block);
            members[m] = new MemberPrediction(member.Model, weights[m], block.ToArray());
        }

        var probabilities = new float[length];
        Combiner.WeightedAverage(stacked, weights, probabilities);
        TemperatureScaling.Apply(probabilities, classes, spec.Temperature, probabilities);
        var abstain = new bool[batch];
        if (spec.AbstainBelow is { } threshold)
        {
            for (var r = 0; r < batch; r++)
            {
                abstain[r] = TensorPrimitives.Max(probabilities.AsSpan(r * classes, classes)) < threshold;
            }
        }

        metrics.Predicted(spec.Name, spec.StatisticsVersion, batch, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return new EnsemblePrediction(probabilities, members)
        {
            Uncertainty = Ensembling.Uncertainty.Measure(stacked, weights, probabilities, batch, classes),
            Abstain = abstain,
        };
    }
}
