using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

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
            .WithDescription(PredictImageApiTexts.PredictImage)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");
        return app;
    }

    private static async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> PredictImage(
        HttpRequest http, [AsParameters] PredictionServices services, [AsParameters] PredictImageQuery query)
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
        var request = new PredictRequest(query.Ensemble, null, query.TopK, [new PredictInstance(null, Convert.ToBase64String(stream.GetBuffer(), 0, (int)stream.Length), query.Invert)], query.Task);
        var started = Stopwatch.GetTimestamp();
        var (batch, errors, unknown) = PredictionBatch.Validate(request, services);
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

        var prediction = await services.Predictor.PredictAsync(batch.Spec, batch.Input, batch.Count);
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        services.Log.Record(http.HttpContext, "/api/predict/image", batch.Count, batch.Spec, milliseconds);
        return TypedResults.Ok(PredictApi.ToResponse(batch, prediction, milliseconds));
    }
}
