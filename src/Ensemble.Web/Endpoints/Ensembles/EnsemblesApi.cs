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
            .WithDescription(EnsemblesApiTexts.ListEnsembles);
        group.MapGet("/{name}", Get)
            .WithName("GetEnsemble")
            .WithSummary("The active version of one ensemble")
            .WithDescription(EnsemblesApiTexts.GetEnsemble);
        group.MapPost("/", Create)
            .RequireAdmin()
            .WithName("CreateEnsemble")
            .WithSummary("Create an ensemble")
            .WithDescription(EnsemblesApiTexts.CreateEnsemble)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{name}/weights", SetWeights)
            .RequireAdmin()
            .WithName("SetEnsembleWeights")
            .WithSummary("Save new weights as a new version")
            .WithDescription(EnsemblesApiTexts.SetEnsembleWeights)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions", Versions)
            .WithName("ListEnsembleVersions")
            .WithSummary("Every version of an ensemble, newest first")
            .WithDescription(EnsemblesApiTexts.ListEnsembleVersions)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions/{version:int}/onnx", Onnx)
            .WithName("ExportEnsembleVersion")
            .WithSummary("One portable ONNX file for a version")
            .WithDescription(EnsemblesApiTexts.ExportEnsembleVersion)
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{name}/versions/{version:int}/definition", Definition)
            .WithName("ExportEnsembleDefinition")
            .WithSummary("A version as a definition file for a task folder")
            .WithDescription(EnsemblesApiTexts.ExportEnsembleDefinition)
            .Produces<EnsembleDefinition>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/versions/{version:int}/activate", Activate)
            .RequireAdmin()
            .WithName("ActivateEnsembleVersion")
            .WithSummary("Make a version the active one")
            .WithDescription(EnsemblesApiTexts.ActivateEnsembleVersion)
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
