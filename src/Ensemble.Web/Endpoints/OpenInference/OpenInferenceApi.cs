using System.Text.Json;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>
/// The Open Inference Protocol v2 (KServe, Triton) over REST, so existing clients work: every member model and
/// every ensemble is a model with FP32 input "input" [N,1,28,28] (or [N,784]) and output "probabilities" [N,10].
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
                .WithDescription("One FP32 input named \"input\" with shape [N,1,28,28] or [N,784] and N×784 values in [0, 1], flat or nested, row-major. Returns \"probabilities\" [N,10]. The request's id is echoed and its outputs selection honoured.");
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

        return TypedResults.Ok(new OipModelMetadata(name, target.Versions, target.Platform,
            [new OipTensorMetadata(Input, Fp32, [-1, 1, 28, 28])],
            [new OipTensorMetadata(Output, Fp32, [-1, ModelRegistry.Classes])]));
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

        var (pixels, count, problem) = ReadInput(inputs[0], options.MaxBatch);
        if (pixels is null)
        {
            return Error(StatusCodes.Status400BadRequest, problem!);
        }

        // A member that is gone or changed is refused by the predictor; the problem handler answers it with "error", as OIP reads errors.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var prediction = await predictor.PredictAsync(target.Spec, pixels, count);
        log.Record(http, "/v2 infer", count, target.Spec, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var output = new OipOutputTensor(Output, [count, ModelRegistry.Classes], Fp32, prediction.Probabilities);
        return TypedResults.Ok(new OipInferenceResponse(name, target.Spec.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Id, [output]));
    }

    private static (float[]? Pixels, int Count, string? Problem) ReadInput(OipTensor input, int maxBatch)
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
        var valid = shape switch
        {
            [var n, 1, 28, 28] => n,
            [var n, 784] => n,
            _ => -1,
        };
        if (valid < 1 || valid > maxBatch)
        {
            return (null, 0, $"The input's shape must be [N,1,28,28] or [N,784] with N from 1 to {maxBatch}; got [{string.Join(",", shape)}].");
        }

        var count = (int)valid;
        var pixels = new float[count * ModelRegistry.Pixels];
        var filled = 0;
        var problem = Flatten(input.Data, pixels, ref filled);
        if (problem is not null)
        {
            return (null, 0, problem);
        }

        return filled != pixels.Length
            ? (null, 0, $"The input's data holds {filled} values; shape [{string.Join(",", shape)}] needs {pixels.Length}.")
            : (pixels, count, null);
    }

    // Accepts the protocol's flat or nested row-major arrays.
    private static string? Flatten(JsonElement data, float[] destination, ref int filled)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            return "The input's data must be an array of numbers.";
        }

        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                if (Flatten(item, destination, ref filled) is { } nested)
                {
                    return nested;
                }

                continue;
            }

            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out var value) || !float.IsFinite(value) || value is < 0f or > 1f)
            {
                return $"data[{filled}] is {item.GetRawText()}; every value must be a number in [0, 1].";
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

            var spec = new EnsembleSpec(name, 1, EnsembleMethod.Average, [new EnsembleMember(name, model.Sha256, 1f)], Pinned: false);
            return (new OipTarget(spec, ["1"], "onnxruntime_onnx"), null);
        }

        if (store.Active(name) is not { } active)
        {
            return (null, Error(StatusCodes.Status404NotFound, $"No model or ensemble is named '{name}'."));
        }

        var versions = (await store.VersionsAsync(name)).Select(v => v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (version is null)
        {
            return (new OipTarget(active, versions, "ensemble"), null);
        }

        var stored = int.TryParse(version, out var number) ? await store.VersionAsync(name, number) : null;
        return stored is null
            ? (null, Error(StatusCodes.Status404NotFound, $"Ensemble '{name}' has no version {version}."))
            : (new OipTarget(stored, versions, "ensemble"), null);
    }

    private static ProblemHttpResult Error(int status, string message) =>
        TypedResults.Problem(statusCode: status, title: "Inference request failed", detail: message,
            extensions: new Dictionary<string, object?> { ["error"] = message });
}
