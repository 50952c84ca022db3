using System.Text.Json;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Export;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ensemble.Web.Endpoints.Ensembles;

public static class EnsemblesApi
{
    public static IEndpointRouteBuilder MapEnsemblesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ensembles").WithTags("Ensembles");
        group.MapGet("/", List)
            .WithName("ListEnsembles")
            .WithSummary("List the ensembles with their active versions")
            .WithDescription("Each ensemble's active version: its task, method, and members pinned by model name and SHA-256 with normalized weights. Every task has `<task>-uniform` (every model of the task loaded when it first served, equal weights). `needsReview` names members whose model file changed since the version was saved (the models folder is watched); such a version answers predictions with 409 until a new version is saved.");
        group.MapGet("/{name}", Get)
            .WithName("GetEnsemble")
            .WithSummary("The active version of one ensemble")
            .WithDescription("404 when no ensemble has that name.");
        group.MapPost("/", Create)
            .RequireAdmin()
            .WithName("CreateEnsemble")
            .WithSummary("Create an ensemble")
            .WithDescription("Creates the ensemble with version 1 active. `weights` names loaded models of one task (members of two tasks are refused with 400) and their non-negative weights (stored normalized to sum 1; with method Average every member counts the same). Members are pinned to the SHA-256 of their current files. 409 when the name is taken.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{name}/weights", SetWeights)
            .RequireAdmin()
            .WithName("SetEnsembleWeights")
            .WithSummary("Save new weights as a new version")
            .WithDescription("Versions are immutable: new weights (or members) always make a new version, which becomes active unless `activate` is false. The provenance is manual.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions", Versions)
            .WithName("ListEnsembleVersions")
            .WithSummary("Every version of an ensemble, newest first")
            .WithDescription("Each version with its method, members, provenance (default, manual or a tuning study's id), note, time and whether it is active.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions/{version:int}/onnx", Onnx)
            .WithName("ExportEnsembleVersion")
            .WithSummary("One portable ONNX file for a version")
            .WithDescription("One ONNX model (opset 17) that takes the task's raw input and gives the version's probabilities: every member's graph with its names prefixed, its input adapter and softmax as ONNX ops, the temperatures and the weighted sum. It runs in any ONNX runtime, and dropped into a task folder it is served by Ensemble as one member. 409 when a member cannot be merged (the reason names it: an op with a subgraph, an opset outside 13–17, external weights) or its file changed since the version was saved; 404 for an unknown ensemble or version.")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{name}/versions/{version:int}/definition", Definition)
            .WithName("ExportEnsembleDefinition")
            .WithSummary("A version as a definition file for a task folder")
            .WithDescription("The version's members pinned by SHA-256, their normalized weights and temperatures, the mixture's temperature, the abstain threshold and its note, as JSON; members of weight 0 are left out. Saved as `<task folder>/ensembles/<name>.json` (the `name` field names the ensemble: the version's own, or `as`; 400 when `as` is not a valid name), it seeds that ensemble when the app first finds it: at start, or when the task's models change. A definition never overwrites an existing ensemble, and one whose member is missing or changed is not seeded; the log says why. 404 for an unknown ensemble or version.")
            .Produces<EnsembleDefinition>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/versions/{version:int}/activate", Activate)
            .RequireAdmin()
            .WithName("ActivateEnsembleVersion")
            .WithSummary("Make a version the active one")
            .WithDescription("Activates an earlier or later version (a roll-back or roll-forward); predictions use it from the next request. 404 for an unknown ensemble or version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Ok<EnsembleResponse[]> List(EnsembleStore store, ModelRegistry registry) =>
        TypedResults.Ok(store.AllActive().Select(s => EnsembleResponse.From(s, registry)).ToArray());

    private static Results<Ok<EnsembleResponse>, ProblemHttpResult> Get(string name, EnsembleStore store, ModelRegistry registry) =>
        store.Active(name) is { } spec
            ? TypedResults.Ok(EnsembleResponse.From(spec, registry))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No ensemble is named '{name}'.");

    private static async Task<Created<EnsembleVersionInfo>> Create(CreateEnsembleRequest request, EnsembleStore store, CancellationToken cancellation)
    {
        var created = await store.CreateAsync(request.Name, request.Method, request.Weights, request.Note, cancellation);
        return TypedResults.Created($"/api/ensembles/{created.Name}", created);
    }

    private static async Task<Ok<EnsembleVersionInfo>> SetWeights(string name, SetWeightsRequest request, EnsembleStore store, CancellationToken cancellation) =>
        TypedResults.Ok(await store.AddVersionAsync(name, request.Method, request.Weights, Provenance.Manual, null, request.Note, request.Activate, cancellation));

    private static async Task<Ok<IReadOnlyList<EnsembleVersionInfo>>> Versions(string name, EnsembleStore store, CancellationToken cancellation) =>
        TypedResults.Ok(await store.VersionsAsync(name, cancellation));

    private static async Task<FileContentHttpResult> Onnx(string name, int version, EnsembleStore store, EnsembleExport export, CancellationToken cancellation)
    {
        var spec = await store.VersionAsync(name, version, cancellation)
            ?? throw new RefusalException(RefusalKind.NotFound, store.Active(name) is null ? $"No ensemble is named '{name}'." : $"Ensemble '{name}' has no version {version}.");
        return TypedResults.File(export.Export(spec), "application/octet-stream", $"{name}-v{version}.onnx");
    }

    private static async Task<FileContentHttpResult> Definition(string name, int version, EnsembleStore store, CancellationToken cancellation, [FromQuery(Name = "as")] string? saveAs = null)
    {
        if (saveAs is not null)
        {
            EnsembleStore.CheckName(saveAs);
        }

        var found = (await store.VersionsAsync(name, cancellation)).FirstOrDefault(v => v.Version == version)
            ?? throw new RefusalException(RefusalKind.NotFound, $"Ensemble '{name}' has no version {version}.");
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(EnsembleDefinition.From(found, saveAs), EnsembleDefinition.Json), "application/json", $"{saveAs ?? name}.json");
    }

    private static async Task<Ok<EnsembleVersionInfo>> Activate(string name, int version, EnsembleStore store, CancellationToken cancellation) =>
        TypedResults.Ok(await store.ActivateAsync(name, version, cancellation));
}
