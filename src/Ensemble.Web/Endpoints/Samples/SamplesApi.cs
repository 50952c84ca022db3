using Ensemble.Core.Models;
using Ensemble.Core.Tasks;
using Ensemble.Tasks;
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
            .WithSummary("Real inputs of a task with their labels")
            .WithDescription(SamplesApiTexts.ListSamples);
        return app;
    }

    private static Results<Ok<SampleResponse[]>, ValidationProblem, ProblemHttpResult> List(ModelRegistry registry, string? task, string split = ServedTask.Test, int count = 5, int offset = 0)
    {
        var served = task is null ? registry.DefaultTask : registry.FindTask(task);
        if (served is not { IsUsable: true })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown task",
                detail: served is null ? $"No task is named '{task}'." : $"Task '{served.Name}' cannot be used: {string.Join(" ", served.Problems)}");
        }

        var samples = served.Split(split);
        var errors = new Dictionary<string, string[]>();
        if (!ServedTask.EvaluationSplits.Contains(split))
        {
            errors["split"] = ["Choose 'validation' or 'test'."];
        }
        else if (samples is null)
        {
            errors["split"] = [$"Task '{served.Name}' has no readable {split} split."];
        }

        if (count is < 1 or > MaxCount)
        {
            errors["count"] = [$"Ask for 1 to {MaxCount} rows."];
        }

        if (samples is not null && (offset < 0 || offset >= samples.Count))
        {
            errors["offset"] = [$"The {split} split has rows 0 to {samples.Count - 1}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var definition = served.Usable;
        var end = Math.Min(samples!.Count, offset + count);
        var result = new SampleResponse[end - offset];
        for (var i = offset; i < end; i++)
        {
            var values = new float[samples.SampleSize];
            samples.CopyInput(i, values);
            var label = samples.Labels[i];
            var image = definition.Kind == TaskKind.Image;
            result[i - offset] = new SampleResponse(served.Name, split, i, label, definition.Classes[label], image ? values : null, image ? null : values);
        }

        return TypedResults.Ok(result);
    }
}
