using System.Text.Json;
using System.Text.Json.Nodes;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
using Ensemble.Tasks;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Endpoints.OpenInference;
using Ensemble.Web.Endpoints.Predict;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ensemble.Web.OpenApi;

/// <summary>
/// Gives every request body a working example in Swagger: the predict examples carry the default task's first
/// test row, so "Try it out" then "Execute" returns a real prediction.
/// </summary>
internal sealed class RequestExamplesFilter(ModelRegistry registry, EnsembleStore ensembles) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        var task = registry.DefaultTask;
        var features = task?.Definition?.Kind == TaskKind.Features;
        var example = context.Type switch
        {
            var t when t == typeof(PredictRequest) => new JsonObject
            {
                // The ensemble that serves a request naming none, spelled out so the example shows where to name one.
                ["ensemble"] = task is null ? null : ensembles.DefaultName(task.Name),
                ["topK"] = 3,
                ["instances"] = new JsonArray(new JsonObject { [features ? "features" : "pixels"] = Input() }),
            },
            var t when t == typeof(OipInferenceRequest) => new JsonObject
            {
                ["id"] = "example-1",
                ["inputs"] = new JsonArray(new JsonObject
                {
                    ["name"] = "input",
                    ["shape"] = new JsonArray(1, task?.Definition?.Input.Size ?? 1),
                    ["datatype"] = "FP32",
                    ["data"] = Input(),
                }),
                ["outputs"] = new JsonArray(new JsonObject { ["name"] = "probabilities" }),
            },
            var t when t == typeof(CreateEnsembleRequest) => new JsonObject
            {
                ["name"] = "lean",
                ["method"] = "WeightedAverage",
                ["weights"] = Weights(2),
                ["note"] = "more weight on the first model",
            },
            var t when t == typeof(SetWeightsRequest) => new JsonObject
            {
                ["weights"] = Weights(3),
                ["method"] = "WeightedAverage",
                ["note"] = "tuned by hand",
                ["activate"] = true,
            },
            var t when t == typeof(Core.TrainingJobs.TrainingJobRequest) => new JsonObject
            {
                ["name"] = "vgg-quick",
                ["architecture"] = "vgg",
                ["width"] = 1.0,
                ["epochs"] = 3,
                ["optimizer"] = "AdamW",
                ["learningRate"] = 0.002,
                ["weightDecay"] = 0.0005,
                ["augment"] = true,
                ["seed"] = 1,
                ["limit"] = 10000,
            },
            var t when t == typeof(Core.Searches.SearchRequest) => new JsonObject
            {
                ["space"] = new JsonObject
                {
                    ["architectures"] = new JsonArray("separable", "vgg", "mlp"),
                    ["learningRateMin"] = 0.0003,
                    ["learningRateMax"] = 0.01,
                    ["widthMin"] = 0.5,
                    ["widthMax"] = 1.5,
                },
                ["budget"] = new JsonObject { ["mode"] = "SuccessiveHalving", ["trials"] = 9, ["minEpochs"] = 1, ["maxEpochs"] = 9, ["eta"] = 3, ["trainImages"] = 2000 },
            },
            _ => null,
        };
        if (example is not null)
        {
            concrete.Examples = [example];
        }
    }

    private JsonNode Input()
    {
        var test = registry.DefaultTask?.TestSamples ?? registry.DefaultTask?.ValidationSamples;
        var values = new float[test?.SampleSize ?? 0];
        test?.CopyInput(0, values);
        return JsonSerializer.SerializeToNode(values.Select(p => MathF.Round(p, 4)))!;
    }

    private JsonObject Weights(double first)
    {
        var weights = new JsonObject();
        var names = registry.LoadedIn(registry.DefaultTask?.Name ?? "").Select(m => m.Name).DefaultIfEmpty("residual").ToList();
        for (var i = 0; i < names.Count; i++)
        {
            weights[names[i]] = i == 0 ? first : 1;
        }

        return weights;
    }
}
