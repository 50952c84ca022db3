using System.Diagnostics;
using Ensemble.Core.Ensembling;
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
            .WithDescription(PredictApiTexts.Predict);
        return app;
    }

    private static async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> Predict(
        PredictRequest request, [AsParameters] PredictionServices services, HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var (batch, errors, unknown) = PredictionBatch.Validate(request, services);
        if (unknown is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ensemble", detail: unknown);
        }

        if (batch is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The prediction request is not valid");
        }

        var prediction = await services.Predictor.PredictAsync(batch.Spec, batch.Input, batch.Count);

        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        services.Log.Record(http, "/api/predict", batch.Count, batch.Spec, milliseconds);
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
