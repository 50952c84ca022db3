using System.Text.Json;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Training.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>
/// The Open Inference Protocol v2 (KServe, Triton) over REST, so existing clients work: every member model and
/// every ensemble is a model of its task, with FP32 input "input" ([N,C,H,W] or [N,C·H·W] for an image task,
/// [N,F] for a features task: the task's raw input) and output "probabilities" [N,K] in the task's class order.
/// Member models have version "1"; an ensemble's versions are its stored versions and no version means the active one.
/// Errors carry the protocol's {"error": "…"} inside an RFC 7807 body.
/// </summary>
public static class OpenInferenceApi
{
    private const string Input = "input";
    private const string Output = "probabilities";
    private const string Fp32 = "FP32";

    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol v2");
        v2.MapGet("/", Server).WithName("OipServerMetadata").WithSummary("Server metadata")
            .WithDescription("The server's name, version and protocol extensions.");
        v2.MapGet("/health/live", () => TypedResults.Ok()).WithName("OipLive").WithSummary("Liveness")
            .WithDescription("200 while the server process runs.");
        v2.MapGet("/health/ready", Ready).WithName("OipReady").WithSummary("Readiness")
            .WithDescription("200 when at least one model serves, else 503.");
        foreach (var (suffix, name) in new[] { ("", "Oip"), ("/versions/{version}", "OipVersioned") })
        {
            var model = v2.MapGroup("/models/{name}" + suffix);
            model.MapGet("/", Metadata).WithName($"{name}ModelMetadata").WithSummary($"Model metadata{(suffix == "" ? "" : " (one version)")}")
                .WithDescription("Name, versions, platform and the input and output tensors of a member model or an ensemble.");
            model.MapGet("/ready", ModelReady).WithName($"{name}ModelReady").WithSummary($"Model readiness{(suffix == "" ? "" : " (one version)")}")
                .WithDescription("200 when every member of the model is loaded and unchanged, else 503; 404 for an unknown model or version.");
            model.MapPost("/infer", Infer).RequireRateLimiting(Security.ClientRateLimits.Policy).WithName($"{name}Infer").WithSummary($"Inference{(suffix == "" ? "" : " on one version")}")
                .WithDescription("One FP32 input named \"input\": for an image task [N,C,H,W] or [N,C·H·W] with values in [0, 1], for a features task [N,F]; flat or nested, row-major (the model's metadata gives the shapes). Returns \"probabilities\" [N,K] in the task's class order. The request's id is echoed and its outputs selection honoured.");
        }

        return app;
    }

    private static Ok<OipServerMetadata> Server() =>
        TypedResults.Ok(new OipServerMetadata("ensemble", typeof(OpenInferenceApi).Assembly.GetName().Version?.ToString(3) ?? "1.0.0", []));

    private static Results<Ok, ProblemHttpResult> Ready(ModelRegistry registry) =>
        registry.Loaded.Any() ? TypedResults.Ok() : Error(StatusCodes.Status503ServiceUnavailable, "No model is loaded.");

    private static async Task<Results<Ok<OipModelMetadata>, ProblemHttpResult>> Metadata(string name, string? version, ModelRegistry registry, EnsembleStore store)
    {
        var (target, error) = await Resolve(name, version, registry, store);
        if (target is null)
        {
            return error!;
        }

        var task = target.Task;
        return TypedResults.Ok(new OipModelMetadata(name, target.Versions, target.Platform,
            [new OipTensorMetadata(Input, Fp32, [-1, .. task.Input.Shape.Select(d => (long)d)])],
            [new OipTensorMetadata(Output, Fp32, [-1, task.Classes.Count])]));
    }

    private static async Task<Results<Ok, ProblemHttpResult>> ModelReady(string name, string? version, ModelRegistry registry, EnsembleStore store)
    {
        var (target, error) = await Resolve(name, version, registry, store);
        if (target is null)
        {
            return error!;
        }

        var ready = target.Spec.Members.All(m => registry.Find(m.Model) is { IsLoaded: true } model && model.Sha256 == m.Sha256);
        return ready ? TypedResults.Ok() : Error(StatusCodes.Status503ServiceUnavailable, $"Model '{name}' is not ready: a member is missing, failed or changed.");
    }

    private static async Task<Results<Ok<OipInferenceResponse>, ProblemHttpResult>> Infer(
        string name, string? version, [FromBody] OipInferenceRequest request, ModelRegistry registry, EnsembleStore store, EnsemblePredictor predictor, InferenceOptions options, HttpContext http, Predict.PredictionLog log)
    {
        var (target, error) = await Resolve(name, version, registry, store);
        if (target is null)
        {
            return error!;
        }

        if (request.Outputs is { } outputs && outputs.Any(o => o.Name != Output))
        {
            return Error(StatusCodes.Status400BadRequest, $"Unknown output '{outputs.First(o => o.Name != Output).Name}'; this model has one output, \"{Output}\".");
        }

        if (request.Inputs is not { Count: 1 } inputs)
        {
            return Error(StatusCodes.Status400BadRequest, $"Send exactly one input, \"{Input}\"; got {request.Inputs?.Count ?? 0}.");
        }

        var (values, count, problem) = ReadInput(inputs[0], target.Task, options.MaxBatch);
        if (values is null)
        {
            return Error(StatusCodes.Status400BadRequest, problem!);
        }

        // A member that is gone or changed is refused by the predictor; the problem handler answers it with "error", as OIP reads errors.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var prediction = await predictor.PredictAsync(target.Spec, values, count);
        log.Record(http, "/v2 infer", count, target.Spec, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var output = new OipOutputTensor(Output, [count, target.Task.Classes.Count], Fp32, prediction.Probabilities);
        return TypedResults.Ok(new OipInferenceResponse(name, target.Spec.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Id, [output]));
    }

    private static (float[]? Values, int Count, string? Problem) ReadInput(OipTensor input, TaskDefinition task, int maxBatch)
    {
        if (input.Name != Input)
        {
            return (null, 0, $"The input is named \"{Input}\", not \"{input.Name}\".");
        }

        if (input.Datatype != Fp32)
        {
            return (null, 0, $"The input's datatype is {Fp32}, not {input.Datatype}.");
        }

        var shape = input.Shape ?? [];
        var sample = task.Input.Shape.Select(d => (long)d).ToArray();
        var fits = shape.Length > 1 && (shape.AsSpan(1).SequenceEqual(sample) || (shape.Length == 2 && shape[1] == task.Input.Size));
        var valid = fits ? shape[0] : -1;
        if (valid < 1 || valid > maxBatch)
        {
            var shapes = task.Kind == TaskKind.Image ? $"[N,{string.Join(",", sample)}] or [N,{task.Input.Size}]" : $"[N,{task.Input.Size}]";
            return (null, 0, $"The input's shape must be {shapes} with N from 1 to {maxBatch} for task '{task.Name}'; got [{string.Join(",", shape)}].");
        }

        var count = (int)valid;
        var values = new float[count * task.Input.Size];
        var filled = 0;
        var problem = Flatten(input.Data, values, ref filled, task.Kind == TaskKind.Image);
        if (problem is not null)
        {
            return (null, 0, problem);
        }

        return filled != values.Length
            ? (null, 0, $"The input's data holds {filled} values; shape [{string.Join(",", shape)}] needs {values.Length}.")
            : (values, count, null);
    }

    // Accepts the protocol's flat or nested row-major arrays; pixels must lie in [0, 1], features be finite.
    private static string? Flatten(JsonElement data, float[] destination, ref int filled, bool pixels)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            return "The input's data must be an array of numbers.";
        }

        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                if (Flatten(item, destination, ref filled, pixels) is { } nested)
                {
                    return nested;
                }

                continue;
            }

            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out var value) || !float.IsFinite(value) || (pixels && value is < 0f or > 1f))
            {
                return $"data[{filled}] is {item.GetRawText()}; every value must be {(pixels ? "a number in [0, 1]" : "a finite number")}.";
            }

            if (filled == destination.Length)
            {
                return $"The input's data holds more than the {destination.Length} values its shape needs.";
            }

            destination[filled++] = value;
        }

        return null;
    }

    private static async Task<(OipTarget? Target, ProblemHttpResult? Error)> Resolve(string name, string? version, ModelRegistry registry, EnsembleStore store)
    {
        if (registry.Find(name) is { } model)
        {
            if (version is not (null or "1"))
            {
                return (null, Error(StatusCodes.Status404NotFound, $"Model '{name}' has only version 1."));
            }

            if (!model.IsLoaded)
            {
                return (null, Error(StatusCodes.Status503ServiceUnavailable, $"Model '{name}' failed to load: {model.Error}"));
            }

            var spec = new EnsembleSpec(name, 1, EnsembleMethod.Average, [new EnsembleMember(name, model.Sha256, 1f)], Pinned: false) { Task = model.TaskName };
            return (new OipTarget(spec, ["1"], "onnxruntime_onnx", model.Task!.Usable), null);
        }

        if (store.Active(name) is not { } active)
        {
            return (null, Error(StatusCodes.Status404NotFound, $"No model or ensemble is named '{name}'."));
        }

        if (registry.FindTask(active.Task) is not { IsUsable: true } task)
        {
            return (null, Error(StatusCodes.Status503ServiceUnavailable, $"Ensemble '{name}' belongs to task '{active.Task}', which is not in the model repository now."));
        }

        var versions = (await store.VersionsAsync(name)).Select(v => v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (version is null)
        {
            return (new OipTarget(active, versions, "ensemble", task.Usable), null);
        }

        var stored = int.TryParse(version, out var number) ? await store.VersionAsync(name, number) : null;
        return stored is null
            ? (null, Error(StatusCodes.Status404NotFound, $"Ensemble '{name}' has no version {version}."))
            : (new OipTarget(stored, versions, "ensemble", task.Usable), null);
    }

    private static ProblemHttpResult Error(int status, string message) =>
        TypedResults.Problem(statusCode: status, title: "Inference request failed", detail: message,
            extensions: new Dictionary<string, object?> { ["error"] = message });
}
