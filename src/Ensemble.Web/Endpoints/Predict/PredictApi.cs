using System.Diagnostics;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Images;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Predict;

public static class PredictApi
{
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/predict").WithTags("Predict")
            .MapPost("/", Predict)
            .RequireRateLimiting(Security.ClientRateLimits.Policy)
            .WithName("Predict")
            .WithSummary("Classify inputs with an ensemble")
            .WithDescription("Runs every member of the ensemble with a positive weight once on the batch (a member of weight 0 is not run and not listed), each through its adapter, and returns, per instance, the ensemble's (weighted) average of the members' class probabilities in the task's class order, the top-k classes, and each member's probabilities. `ensemble` names the ensemble; without it `task` picks that task's default ensemble (the `defaultEnsemble` its task.json names, else its uniform one), and without either the default task's. `weights` overrides the stored weights for this request only. An image task's instances are `pixels` (C×H×W values in [0, 1], channels first) or `image` (a base64 PNG/JPEG, prepared as POST /api/predict/image says); a features task's are `features`. Get real inputs from GET /api/samples.");
        return app;
    }

    private static async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> Predict(
        PredictRequest request, EnsembleStore ensembles, ModelRegistry registry, EnsemblePredictor predictor, ImagePreprocessor images, InferenceOptions options, HttpContext http, PredictionLog log)
    {
        var started = Stopwatch.GetTimestamp();
        var (batch, errors, unknown) = PredictionBatch.Validate(request, ensembles, registry, images, options);
        if (unknown is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ensemble", detail: unknown);
        }

        if (batch is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The prediction request is not valid");
        }

        var prediction = await predictor.PredictAsync(batch.Spec, batch.Input, batch.Count);

        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.Record(http, "/api/predict", batch.Count, batch.Spec, milliseconds);
        return TypedResults.Ok(ToResponse(batch, prediction, milliseconds));
    }

    internal static PredictResponse ToResponse(PredictionBatch batch, EnsemblePrediction prediction, double milliseconds)
    {
        var classes = batch.Task.Classes.Count;
        var predictions = new InstancePrediction[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var probabilities = prediction.Probabilities.AsSpan(i * classes, classes).ToArray();
            var top = probabilities
                .Select((p, label) => new TopClass(label, batch.Task.Classes[label], p))
                .OrderByDescending(t => t.Probability)
                .Take(batch.TopK)
                .ToArray();
            var members = prediction.Members.ToDictionary(m => m.Model, m => m.Probabilities.AsSpan(i * classes, classes).ToArray());
            var uncertainty = prediction.Uncertainty[i];
            predictions[i] = new InstancePrediction(probabilities, top, members)
            {
                Uncertainty = new InstanceUncertainty(uncertainty.Entropy, uncertainty.MutualInformation, uncertainty.Agreement),
                Abstain = prediction.Abstain[i],
            };
        }

        var weights = prediction.Members.ToDictionary(m => m.Model, m => m.Weight);
        return new PredictResponse(batch.Spec.Name, batch.Spec.Version, batch.Task.Name, weights, predictions, Math.Round(milliseconds, 3));
    }
}
