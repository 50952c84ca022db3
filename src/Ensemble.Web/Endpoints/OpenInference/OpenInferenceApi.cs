using System.Text.Json;
using Ensemble.Core.Inference;
using Ensemble.Web.OpenInference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>
/// The Open Inference Protocol v2 (KServe, Triton) over REST, so existing clients work: every member model and
/// every ensemble is a model of its task, with FP32 input "input" ([N,C,H,W] or [N,C·H·W] for an image task,
/// [N,F] for a features task: the task's raw input) and output "probabilities" [N,K] in the task's class order.
/// Member models have version "1"; an ensemble's versions are its stored versions and no version means the active one.
/// Triton's binary data and classification extensions are spoken too. Errors carry the protocol's {"error": "…"}
/// inside an RFC 7807 body.
/// </summary>
public static class OpenInferenceApi
{
    private const string BinaryData = "binary_data";
    private const string BinaryDataOutput = "binary_data_output";
    private const string Classification = "classification";

    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol v2");
        v2.MapGet("/", Server).WithName("OipServerMetadata").WithSummary("Server metadata")
            .WithDescription(OpenInferenceApiTexts.OipServerMetadata);
        v2.MapGet("/health/live", () => TypedResults.Ok()).WithName("OipLive").WithSummary("Liveness")
            .WithDescription(OpenInferenceApiTexts.OipLive);
        v2.MapGet("/health/ready", Ready).WithName("OipReady").WithSummary("Readiness")
            .WithDescription(OpenInferenceApiTexts.OipReady);
        foreach (var (model, name, scope) in OipModelRoutes.Groups(v2))
        {
            model.MapGet("/", Metadata).WithName($"{name}ModelMetadata").WithSummary($"Model metadata{scope}")
                .WithDescription(OpenInferenceApiTexts.ModelMetadata);
            model.MapGet("/ready", ModelReady).WithName($"{name}ModelReady").WithSummary($"Model readiness{scope}")
                .WithDescription(OpenInferenceApiTexts.ModelReady);
            model.MapPost("/infer", Infer).RequireRateLimiting(Security.ClientRateLimits.Policy).WithName($"{name}Infer").WithSummary($"Inference{(scope == "" ? "" : " on one version")}")
                .Accepts<OipInferenceRequest>("application/json", "application/octet-stream")
                .Produces<OipInferenceResponse>(StatusCodes.Status200OK, "application/json", "application/octet-stream")
                .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
                .WithDescription(OpenInferenceApiTexts.Infer);
        }

        return app;
    }

    private static Ok<OipServerMetadata> Server() =>
        TypedResults.Ok(new OipServerMetadata(OipProtocol.ServerName, OipProtocol.ServerVersion, OipProtocol.Extensions));

    private static Results<Ok, ProblemHttpResult> Ready(OipModels models) =>
        models.ServerReady ? TypedResults.Ok() : Error(StatusCodes.Status503ServiceUnavailable, "No model is loaded.");

    private static async Task<Ok<OipModelMetadata>> Metadata(string name, string? version, OipModels models, HttpContext http)
    {
        var target = await models.ResolveAsync(name, version, http.RequestAborted);
        var task = target.Task;
        return TypedResults.Ok(new OipModelMetadata(name, await models.VersionsAsync(target, http.RequestAborted), target.Platform,
            [new OipTensorMetadata(OipProtocol.Input, OipProtocol.Fp32, [-1, .. task.Input.Shape.Select(d => (long)d)])],
            [new OipTensorMetadata(OipProtocol.Output, OipProtocol.Fp32, [-1, task.Classes.Count]),
                .. OipProtocol.ExtraOutputs.Select(o => new OipTensorMetadata(o.Key, o.Value, [-1]))]));
    }

    private static async Task<Results<Ok, ProblemHttpResult>> ModelReady(string name, string? version, OipModels models, HttpContext http)
    {
        var target = await models.ResolveAsync(name, version, http.RequestAborted);
        return models.WhyNotReady(target) is { } why ? Error(StatusCodes.Status503ServiceUnavailable, why) : TypedResults.Ok();
    }

    private static async Task<IResult> Infer(
        string name, string? version, HttpContext http, OipModels models, OipInference inference, InferenceOptions options, IOptions<JsonOptions> json)
    {
        var target = await models.ResolveAsync(name, version, http.RequestAborted);
        var body = await OipRestBody.ReadAsync(http.Request, json.Value.SerializerOptions);
        var request = body.Request;
        var binaryByDefault = Flag(request.Parameters, BinaryDataOutput, "the request");
        var outputs = OipOutputs.Check([.. (request.Outputs ?? []).Select(o => Requested(o, binaryByDefault))], target.Task, binaryByDefault);
        OipInference.RequireOneInput(request.Inputs?.Count ?? 0);
        var input = request.Inputs![0];
        var count = OipInputs.Count(input.Name, input.Datatype, input.Shape ?? [], target.Task, options.MaxBatch);
        var values = body.InputContents()[0] is { } raw
            ? OipInputs.FromBytes(raw.Span, count, target.Task)
            : OipInputs.FromJson(input.Data, count, target.Task);

        // The problem handler answers a refused prediction with "error", as OIP reads errors.
        var answer = await inference.RunAsync(target, values, count, outputs, http, "/v2 infer");
        return Answer(http, name, target.Version, request.Id, answer, json.Value.SerializerOptions);
    }

    // JSON when no output is binary; otherwise the JSON header followed by the binary outputs' bytes in order.
    private static IResult Answer(HttpContext http, string name, string version, string? id, IReadOnlyList<OipOutput> outputs, JsonSerializerOptions json)
    {
        var raw = outputs.Select(o => o.Binary ? o.RawBytes() : null).ToArray();
        var tensors = outputs.Select((o, i) => new OipOutputTensor(o.Name, o.Shape, o.Datatype,
            raw[i] is { } bytes ? new Dictionary<string, object> { [OipRestBody.BinaryDataSize] = bytes.Length } : null,
            raw[i] is null ? o.Data : null)).ToList();
        var response = new OipInferenceResponse(name, version, id, tensors);
        if (raw.All(r => r is null))
        {
            return TypedResults.Json(response, json);
        }

        var header = JsonSerializer.SerializeToUtf8Bytes(response, json);
        var whole = new byte[header.Length + raw.Sum(r => r?.Length ?? 0)];
        header.CopyTo(whole, 0);
        var offset = header.Length;
        foreach (var bytes in raw.OfType<byte[]>())
        {
            bytes.CopyTo(whole, offset);
            offset += bytes.Length;
        }

        http.Response.Headers[OipRestBody.HeaderLength] = header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Bytes(whole, "application/octet-stream");
    }

    private static OipOutputRequest Requested(OipRequestedOutput output, bool binaryByDefault)
    {
        var parameters = output.Parameters;
        var top = 0;
        if (parameters?.TryGetValue(Classification, out var k) == true && (k.ValueKind != JsonValueKind.Number || !k.TryGetInt32(out top)))
        {
            throw new RefusalException(RefusalKind.Invalid, $"Output '{output.Name}' has classification {k.GetRawText()}; it must be a whole number of classes.", "outputs");
        }

        var binary = parameters?.ContainsKey(BinaryData) == true ? Flag(parameters, BinaryData, $"output '{output.Name}'") : binaryByDefault;
        return new OipOutputRequest(output.Name, top, binary);
    }

    private static bool Flag(Dictionary<string, JsonElement>? parameters, string key, string owner) =>
        parameters?.TryGetValue(key, out var value) != true
            ? false
            : value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new RefusalException(RefusalKind.Invalid, $"The {key} parameter of {owner} is {value.GetRawText()}; it must be true or false.", "parameters"),
            };

    private static ProblemHttpResult Error(int status, string message) =>
        TypedResults.Problem(statusCode: status, title: "Inference request failed", detail: message,
            extensions: new Dictionary<string, object?> { ["error"] = message });
}
