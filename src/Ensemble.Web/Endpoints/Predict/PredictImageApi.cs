using System.Diagnostics;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Images;
using Ensemble.Core.Inference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ensemble.Web.Endpoints.Predict;

public static class PredictImageApi
{
    public static IEndpointRouteBuilder MapPredictImageApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/predict").WithTags("Predict")
            .MapPost("/image", PredictImage)
            .RequireRateLimiting(Security.ClientRateLimits.Policy)
            .WithName("PredictImage")
            .WithSummary("Classify one uploaded PNG or JPEG")
            .WithDescription("Multipart upload (field `file`) of a PNG or JPEG of any size. It is turned into what the models saw in training, the way Fashion-MNIST was made: converted to grayscale (BT.601 luma), scaled to fit 28×28 keeping its aspect ratio, centred on black, pixels in [0, 1]. Fashion-MNIST shows light objects on a dark ground: for a photo of a dark object on a light ground set `invert=true`. Limits: `Images:MaxBytes` and `Images:MaxPixels`.")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");
        return app;
    }

    private static async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> PredictImage(
        HttpRequest http, EnsembleStore ensembles, EnsemblePredictor predictor, ImagePreprocessor images, InferenceOptions options, PredictionLog log,
        [FromQuery] string? ensemble, [FromQuery] bool invert = false, [FromQuery] int topK = PredictionBatch.DefaultTopK)
    {
        if (!http.HasFormContentType)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the image as multipart/form-data in a field named 'file'.");
        }

        var form = await http.ReadFormAsync(http.HttpContext.RequestAborted);
        var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
        if (file is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Upload one image in a field named 'file'."] });
        }

        using var stream = new MemoryStream();
        await file.CopyToAsync(stream, http.HttpContext.RequestAborted);
        var request = new PredictRequest(ensemble, null, topK, [new PredictInstance(null, Convert.ToBase64String(stream.GetBuffer(), 0, (int)stream.Length), invert)]);
        var started = Stopwatch.GetTimestamp();
        var (batch, errors, unknown) = PredictionBatch.Validate(request, ensembles, images, options);
        if (unknown)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ensemble", detail: $"No ensemble is named '{ensemble}'.");
        }

        if (batch is null)
        {
            // Errors about the single instance are about the uploaded file.
            var renamed = errors.ToDictionary(e => e.Key == "instances[0]" ? "file" : e.Key, e => e.Value);
            return TypedResults.ValidationProblem(renamed, title: "The image cannot be classified");
        }

        var prediction = await predictor.PredictAsync(batch.Spec, batch.Pixels, batch.Count);
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.Record(http.HttpContext, "/api/predict/image", batch.Count, batch.Spec, milliseconds);
        return TypedResults.Ok(PredictApi.ToResponse(batch, prediction, milliseconds));
    }
}
