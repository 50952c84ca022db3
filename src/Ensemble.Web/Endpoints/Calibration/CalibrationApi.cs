using Ensemble.Core.Calibration;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Scoring;
using Ensemble.Core.Versions;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Calibration;

/// <summary>How honest an ensemble's probabilities are, and where it abstains.</summary>
public static class CalibrationApi
{
    public static IEndpointRouteBuilder MapCalibrationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ensembles").WithTags("Calibration");
        group.MapGet("/{name}/calibration", Get)
            .WithName("GetEnsembleCalibration")
            .WithSummary("Calibration and risk–coverage of an ensemble version")
            .WithDescription(CalibrationApiTexts.GetEnsembleCalibration)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}/abstain", SetAbstain)
            .RequireAdmin()
            .WithName("SetEnsembleAbstain")
            .WithSummary("Set the confidence below which predictions abstain")
            .WithDescription(CalibrationApiTexts.SetEnsembleAbstain)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<EnsembleCalibrationReport>> Get(string name, int? version, EnsembleStore store, EnsembleEvaluator evaluator, CancellationToken cancellation) =>
        TypedResults.Ok(evaluator.Report(await Resolve(name, version, store, cancellation)));

    private static async Task<Ok<AbstainResult>> SetAbstain(string name, SetAbstainRequest request, AbstainThresholds thresholds, CancellationToken cancellation) =>
        TypedResults.Ok(await thresholds.SetAsync(name, new AbstainTarget(request.Threshold, request.TargetAccuracy, request.TargetCoverage), request.Note, request.Activate, cancellation));

    private static async Task<EnsembleSpec> Resolve(string name, int? version, EnsembleStore store, CancellationToken cancellation)
    {
        var active = store.Active(name) ?? throw new RefusalException(RefusalKind.NotFound, $"No ensemble is named '{name}'.");
        return version is null || version == active.Version
            ? active
            : await store.VersionAsync(name, version.Value, cancellation) ?? throw new RefusalException(RefusalKind.NotFound, $"Ensemble '{name}' has no version {version}.");
    }
}
