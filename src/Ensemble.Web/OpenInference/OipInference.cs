using Ensemble.Core.Ensembling;

namespace Ensemble.Web.OpenInference;

/// <summary>
/// The part of an inference that no protocol changes: the one input rule, the prediction (logged as every
/// prediction is) and the answer's tensors. REST and gRPC only read their request and write their answer.
/// </summary>
internal sealed class OipInference(EnsemblePredictor predictor, Endpoints.Predict.PredictionLog log)
{
    /// <summary>Every model takes one input, "input".</summary>
    public static void RequireOneInput(int inputs)
    {
        if (inputs != 1)
        {
            throw new RefusalException(RefusalKind.Invalid, $"Send exactly one input, \"{OipProtocol.Input}\"; got {inputs}.", "inputs");
        }
    }

    /// <param name="values">count × the task's sample size, read by <see cref="OipInputs"/>.</param>
    public async Task<IReadOnlyList<OipOutput>> RunAsync(OipTarget target, float[] values, int count, IReadOnlyList<OipOutputRequest> outputs, HttpContext http, string route)
    {
        // A member that is gone or changed is refused by the predictor, and each protocol answers that refusal its own way.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var prediction = await predictor.PredictAsync(target.Spec, values, count);
        log.Record(http, route, count, target.Spec, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return OipOutputs.Build(outputs, prediction, count, target.Task);
    }
}
