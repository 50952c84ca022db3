using System.Globalization;
using System.Text.Json.Nodes;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
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
            .WithDescription("Every member model and every stored ensemble version, READY or UNAVAILABLE with the reason; {\"ready\": true} lists only the ready ones.");
        v2.MapGet("/models/stats", AllStatistics).WithName("OipStatistics").WithSummary("Statistics of every model")
            .WithDescription("Per model and version: images inferred, runs executed, and count and nanoseconds of successes, failures, queue waits and compute, in Triton's field names.");
        foreach (var (model, name, scope) in OipModelRoutes.Groups(v2))
        {
            model.MapGet("/config", Config).WithName($"{name}ModelConfig").WithSummary($"Model configuration{scope}")
                .WithDescription("The model's configuration as Triton's JSON shows it: platform, max_batch_size, input and output with data_type and dims (without the batch dimension), and for an ensemble its members and weights.");
            model.MapGet("/stats", Statistics).WithName($"{name}ModelStatistics").WithSummary($"Model statistics{scope}")
                .WithDescription("The statistics of one model: every version that served, or the version asked for.");
        }

        return app;
    }

    private static async Task<Ok<JsonObject>> Config(string name, string? version, OipModels models, InferenceOptions inference, BatchingOptions batching, BatchScheduler scheduler, ModelRegistry registry, HttpContext http)
    {
        var target = await models.ResolveAsync(name, version, http.RequestAborted);
        var task = target.Task;
        var config = new JsonObject
        {
            ["name"] = name,
            ["platform"] = target.Platform,
            ["backend"] = target.IsEnsemble ? "" : "onnxruntime",
            ["version_policy"] = new JsonObject { ["latest"] = new JsonObject { ["num_versions"] = 1 } },
            ["max_batch_size"] = inference.MaxBatch,
            ["input"] = new JsonArray(new JsonObject
            {
                ["name"] = OipProtocol.Input,
                ["data_type"] = "TYPE_FP32",
                ["format"] = "FORMAT_NONE",
                ["dims"] = new JsonArray([.. task.Input.Shape.Select(d => JsonValue.Create((long)d))]),
            }),
            ["output"] = new JsonArray(new JsonObject
            {
                ["name"] = OipProtocol.Output,
                ["data_type"] = "TYPE_FP32",
                ["dims"] = new JsonArray(JsonValue.Create((long)task.Classes.Count)),
                ["label_filename"] = "",
            }),
            ["parameters"] = new JsonObject
            {
                ["task"] = Parameter(task.Name),
                ["classes"] = Parameter(string.Join(",", task.Classes)),
            },
        };
        if (target.IsEnsemble)
        {
            var spec = target.Spec;
            config["ensemble_scheduling"] = new JsonObject
            {
                ["step"] = new JsonArray([.. spec.Members.Select((m, i) => new JsonObject
                {
                    ["model_name"] = m.Model,
                    ["model_version"] = 1,
                    ["input_map"] = new JsonObject { [OipProtocol.Input] = OipProtocol.Input },
                    ["output_map"] = new JsonObject { [OipProtocol.Output] = $"{m.Model}_{OipProtocol.Output}" },
                    ["weight"] = spec.WeightOf(i),
                })]),
            };
            config["parameters"]!["method"] = Parameter(spec.Method.ToString());
            config["parameters"]!["version"] = Parameter(target.Version);
        }
        else
        {
            config["instance_group"] = new JsonArray(new JsonObject
            {
                ["kind"] = registry.Provider == "CUDA" ? "KIND_GPU" : "KIND_CPU",
                ["count"] = scheduler.Enabled ? batching.Instances : 1,
            });
            if (scheduler.Enabled)
            {
                config["dynamic_batching"] = new JsonObject
                {
                    ["preferred_batch_size"] = new JsonArray(JsonValue.Create(batching.MaxBatchSize)),
                    ["max_queue_delay_microseconds"] = batching.MaxQueueDelayMicroseconds,
                };
            }
        }

        return TypedResults.Ok(config);
    }

    private static async Task<Ok<List<OipRepositoryEntry>>> Index(HttpRequest request, OipModels models, ModelRegistry registry, EnsembleStore store)
    {
        var readyOnly = false;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = await request.ReadFromJsonAsync<OipRepositoryIndexRequest>(request.HttpContext.RequestAborted);
            readyOnly = body?.Ready == true;
        }

        var entries = new List<OipRepositoryEntry>();
        foreach (var model in registry.Models.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            entries.Add(model.IsLoaded
                ? new OipRepositoryEntry(model.Name, InferenceStatistics.MemberVersion, "READY", null)
                : new OipRepositoryEntry(model.Name, InferenceStatistics.MemberVersion, "UNAVAILABLE", model.Error));
        }

        foreach (var active in store.AllActive())
        {
            foreach (var version in await store.VersionsAsync(active.Name, request.HttpContext.RequestAborted))
            {
                // The listing already holds each version's members: no version is read again to judge it.
                var why = models.WhyNotReady(active.Name, version.Task, version.Members);
                entries.Add(new OipRepositoryEntry(active.Name, version.Version.ToString(CultureInfo.InvariantCulture), why is null ? "READY" : "UNAVAILABLE", why));
            }
        }

        return TypedResults.Ok(readyOnly ? [.. entries.Where(e => e.State == "READY")] : entries);
    }

    private static Ok<OipStatistics> AllStatistics(EnsembleMetrics metrics) =>
        TypedResults.Ok(new OipStatistics([.. metrics.Statistics.All().Select(c => Describe(c.Model, c.Version, c.Counters))]));

    private static async Task<Ok<OipStatistics>> Statistics(string name, string? version, OipModels models, EnsembleMetrics metrics, HttpContext http)
    {
        var target = await models.ResolveAsync(name, version, http.RequestAborted);
        var served = metrics.Statistics.All().Where(c => c.Model == name && (version is null || c.Version == target.Version)).ToList();
        return TypedResults.Ok(new OipStatistics(served.Count > 0
            ? [.. served.Select(c => Describe(c.Model, c.Version, c.Counters))]
            : [Describe(name, target.Version, metrics.Statistics.For(name, target.Version))]));
    }

    private static OipModelStatistics Describe(string name, string version, ModelCounters counters) =>
        new(name, version, counters.LastInference, counters.Inferences, counters.Executions, new OipInferenceStatistics(
            Duration(counters.Success), Duration(counters.Fail), Duration(counters.Queue), OipDuration.Zero,
            Duration(counters.Compute), OipDuration.Zero, OipDuration.Zero, OipDuration.Zero), []);

    private static OipDuration Duration((long Count, long Ns) total) => new(total.Count, total.Ns);

    private static JsonObject Parameter(string value) => new() { ["string_value"] = value };
}
