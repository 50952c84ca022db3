using System.Diagnostics;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Images;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
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
            .WithDescription("Multipart upload (field `file`) of a PNG or JPEG of any size, for an image task's ensemble (`ensemble`, or `task` for its default one: the `defaultEnsemble` of its task.json, else its uniform one; the default task's without either). It is turned into the task's input as its task.json says: its channels (BT.601 luma for one, RGB for three, with alpha where it has four), scaled to its height and width by its `fit` (pad keeps the aspect ratio and centres the picture on the background, stretch ignores it, crop fills and cuts the centre), pixels in [0, 1]. For a picture on the other ground than the task's `background` (a dark object on white for a dark-ground task) set `invert=true`. Limits: `Images:MaxBytes` and `Images:MaxPixels`.")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");
        return app;
    }

    private static async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> PredictImage(
        HttpRequest http, EnsembleStore ensembles, ModelRegistry registry, EnsemblePredictor predictor, ImagePreprocessor images, InferenceOptions options, PredictionLog log,
        [FromQuery] string? ensemble, [FromQuery] string? task, [FromQuery] bool invert = false, [FromQuery] int? topK = null)
    {
        var (form, problem) = await MultipartForms.ReadAsync(http, "the image as multipart/form-data in a field named 'file'");
        if (form is null)
        {
            return problem!;
        }

        var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
        if (file is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Upload one image in a field named 'file'."] });
        }

        using var stream = new MemoryStream();
        await file.CopyToAsync(stream, http.HttpContext.RequestAborted);
        var request = new PredictRequest(ensemble, null, topK, [new PredictInstance(null, Convert.ToBase64String(stream.GetBuffer(), 0, (int)stream.Length), invert)], task);
        var started = Stopwatch.GetTimestamp();
        var (batch, errors, unknown) = PredictionBatch.Validate(request, ensembles, registry, images, options);
        if (unknown is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ensemble", detail: unknown);
        }

        if (batch is null)
        {
            // Errors about the single instance are about the uploaded file.
            var renamed = errors.ToDictionary(e => e.Key == "instances[0]" ? "file" : e.Key, e => e.Value);
            return TypedResults.ValidationProblem(renamed, title: "The image cannot be classified");
        }

        var prediction = await predictor.PredictAsync(batch.Spec, batch.Input, batch.Count);
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.Record(http.HttpContext, "/api/predict/image", batch.Count, batch.Spec, milliseconds);
        return TypedResults.Ok(PredictApi.ToResponse(batch, prediction, milliseconds));
    }
}
