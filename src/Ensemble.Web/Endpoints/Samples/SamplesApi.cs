using Ensemble.Core.Models;
using Ensemble.Core.Samples;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Samples;

public static class SamplesApi
{
    private const int MaxCount = 100;

    public static IEndpointRouteBuilder MapSamplesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/samples").WithTags("Samples")
            .MapGet("/", List)
            .WithName("ListSamples")
            .WithSummary("Real Fashion-MNIST images with their labels")
            .WithDescription("Images from the committed validation or test split (models/data) as 784 pixels in [0, 1], row-major, with the true label. Paste one's `pixels` into POST /api/predict to try the API.");
        return app;
    }

    private static Results<Ok<SampleResponse[]>, ValidationProblem> List(SampleStore samples, string split = "test", int count = 5, int offset = 0)
    {
        var images = samples.Split(split);
        var errors = new Dictionary<string, string[]>();
        if (images is null)
        {
            errors["split"] = ["Choose 'validation' or 'test'."];
        }

        if (count is < 1 or > MaxCount)
        {
            errors["count"] = [$"Ask for 1 to {MaxCount} images."];
        }

        if (images is not null && (offset < 0 || offset >= images.Count))
        {
            errors["offset"] = [$"The {split} split has images 0 to {images.Count - 1}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var end = Math.Min(images!.Count, offset + count);
        var result = new SampleResponse[end - offset];
        for (var i = offset; i < end; i++)
        {
            var pixels = new float[ModelRegistry.Pixels];
            images.CopyScaled(i, pixels);
            int label = images.Labels[i];
            result[i - offset] = new SampleResponse(split, i, label, ModelRegistry.ClassNames[label], pixels);
        }

        return TypedResults.Ok(result);
    }
}
