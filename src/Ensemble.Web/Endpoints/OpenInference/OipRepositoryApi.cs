using System.Text.Json.Nodes;
using Ensemble.Core.Telemetry;
using Ensemble.Web.OpenInference;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>
/// Triton's model configuration, repository index and statistics extensions, which tritonclient's
/// get_model_config, get_model_repository_index and get_inference_statistics and perf_analyzer read.
/// </summary>
public static class OipRepositoryApi
{
    public static IEndpointRouteBuilder MapOipRepositoryApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol v2");
        v2.MapPost("/repository/index", Index).WithName("OipRepositoryIndex").WithSummary("Repository index")
            .WithDescription(OipRepositoryApiTexts.OipRepositoryIndex);
        v2.MapGet("/models/stats", AllStatistics).WithName("OipStatistics").WithSummary("Statistics of every model")
            .WithDescription(OipRepositoryApiTexts.OipStatistics);
        foreach (var (model, name, scope) in OipModelRoutes.Groups(v2))
        {
            model.MapGet("/config", Config).WithName($"{name}ModelConfig").WithSummary($"Model configuration{scope}")
                .WithDescription(OipRepositoryApiTexts.ModelConfig);
            model.MapGet("/stats", Statistics).WithName($"{name}ModelStatistics").WithSummary($"Model statistics{scope}")
                .WithDescription(OipRepositoryApiTexts.ModelStatistics);
        }

        return app;
    }

    private static async Task<Ok<JsonObject>> Config(string name, string? version, OipRepository repository, HttpContext http)
    {
        var described = await repository.ConfigurationAsync(name, version, http.RequestAborted);
        var config = new JsonObject
        {
            ["name"] = described.Name,
            ["platform"] = described.Platform,
            ["backend"] = described.Backend,
            ["version_policy"] = new JsonObject { ["latest"] = new JsonObject { ["num_versions"] = 1 } },
            ["max_batch_size"] = described.MaxBatchSize,
            ["input"] = new JsonArray(new JsonObject
            {
                ["name"] = OipProtocol.Input,
                ["data_type"] = OipModelConfiguration.Fp32,
                ["format"] = OipModelConfiguration.InputFormat,
                ["dims"] = new JsonArray([.. described.InputDims.Select(d => JsonValue.Create(d))]),
            }),
            ["output"] = new JsonArray(new JsonObject
            {
                ["name"] = OipProtocol.Output,
                ["data_type"] = OipModelConfiguration.Fp32,
                ["dims"] = new JsonArray(JsonValue.Create(described.Classes)),
                ["label_filename"] = "",
            }),
            ["parameters"] = new JsonObject([.. described.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonObject { ["string_value"] = p.Value }))]),
        };
        if (described.Steps.Count > 0)
        {
            config["ensemble_scheduling"] = new JsonObject
            {
                ["step"] = new JsonArray([.. described.Steps.Select(s => new JsonObject
                {
                    ["model_name"] = s.Model,
                    ["model_version"] = 1,
                    ["input_map"] = new JsonObject { [OipProtocol.Input] = OipProtocol.Input },
                    ["output_map"] = new JsonObject { [OipProtocol.Output] = OipModelConfiguration.StepOutput(s.Model) },
                    ["weight"] = s.Weight,
                })]),
            };
        }

        if (described.InstanceGroup is { } group)
        {
            config["instance_group"] = new JsonArray(new JsonObject { ["kind"] = group.Kind, ["count"] = group.Count });
        }

        if (described.DynamicBatching is { } batching)
        {
            config["dynamic_batching"] = new JsonObject
            {
                ["preferred_batch_size"] = new JsonArray(JsonValue.Create(batching.PreferredBatchSize)),
                ["max_queue_delay_microseconds"] = batching.MaxQueueDelayMicroseconds,
            };
        }

        return TypedResults.Ok(config);
    }

    private static async Task<Ok<List<OipRepositoryEntry>>> Index(HttpRequest request, OipRepository repository)
    {
        var readyOnly = false;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = await request.ReadFromJsonAsync<OipRepositoryIndexRequest>(request.HttpContext.RequestAborted);
            readyOnly = body?.Ready == true;
        }

        return TypedResults.Ok(await repository.IndexAsync(readyOnly, request.HttpContext.RequestAborted));
    }

    private static async Task<Ok<OipStatistics>> AllStatistics(OipRepository repository, HttpContext http) =>
        TypedResults.Ok(new OipStatistics([.. (await repository.StatisticsAsync(null, null, http.RequestAborted)).Select(c => Describe(c.Model, c.Version, c.Counters))]));

    private static async Task<Ok<OipStatistics>> Statistics(string name, string? version, OipRepository repository, HttpContext http) =>
        TypedResults.Ok(new OipStatistics([.. (await repository.StatisticsAsync(name, version, http.RequestAborted)).Select(c => Describe(c.Model, c.Version, c.Counters))]));

    private static OipModelStatistics Describe(string name, string version, ModelCounters counters) =>
        new(name, version, counters.LastInference, counters.Inferences, counters.Executions, new OipInferenceStatistics(
            Duration(counters.Success), Duration(counters.Fail), Duration(counters.Queue), OipDuration.Zero,
            Duration(counters.Compute), OipDuration.Zero, OipDuration.Zero, OipDuration.Zero), []);

    private static OipDuration Duration((long Count, long Ns) total) => new(total.Count, total.Ns);
}
