using Ensemble.Core.Calibration;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Tuning;
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
            .WithDescription("The version (active by default, or `version`) as it serves, temperatures included, on the validation and test splits: accuracy, log-loss, Brier score, expected calibration error (15 equal-width bins) and the reliability bins; the risk–coverage curves (accuracy on the share of inputs answered, per confidence threshold); and each member as it is. 404 for an unknown ensemble or version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}/abstain", SetAbstain)
            .RequireAdmin()
            .WithName("SetEnsembleAbstain")
            .WithSummary("Set the confidence below which predictions abstain")
            .WithDescription("A new version with the active version's weights and temperatures and this abstain threshold: give `threshold` (a confidence from 0 to 1), or `targetAccuracy` (the threshold with the most validation coverage that reaches it) or `targetCoverage` (the highest threshold that still answers that share of validation); none removes the threshold. Predictions below it are answered with `abstain: true`, probabilities included. Answers the threshold's coverage and accuracy on validation and test.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<EnsembleCalibrationResponse>> Get(string name, int? version, EnsembleStore store, EnsembleEvaluator evaluator, CancellationToken cancellation)
    {
        var spec = await Resolve(name, version, store, cancellation);
        return TypedResults.Ok(new EnsembleCalibrationResponse(
            spec.Name, spec.Version, spec.Task, spec.Temperature, spec.AbstainBelow,
            evaluator.Calibration(spec, "validation"), evaluator.Calibration(spec, "test"),
            evaluator.RiskCoverage(spec, "validation"), evaluator.RiskCoverage(spec, "test"),
            [.. spec.Members.Select(m => new MemberCalibration(m.Model, m.Temperature, evaluator.Calibration(m.Model, "validation"), evaluator.Calibration(m.Model, "test")))]));
    }

    private static async Task<Ok<AbstainResponse>> SetAbstain(string name, SetAbstainRequest request, EnsembleStore store, EnsembleEvaluator evaluator, CancellationToken cancellation)
    {
        var spec = store.Active(name) ?? throw new RefusalException(RefusalKind.NotFound, $"No ensemble is named '{name}'.");
        var threshold = Threshold(request, spec, evaluator);
        var calibration = VersionCalibration.Of(spec) with { AbstainBelow = threshold };
        var note = request.Note ?? (threshold is { } t ? $"abstains below confidence {t:F4}" : "never abstains");
        var saved = await store.AddVersionAsync(name, spec.Method, spec.Members.ToDictionary(m => m.Model, m => (double)m.Weight), Provenance.Manual, null, note,
            request.Activate, cancellation, calibration);
        return TypedResults.Ok(new AbstainResponse(saved, threshold,
            threshold is { } v ? evaluator.AtThreshold(spec, "validation", v) : null,
            threshold is { } u ? evaluator.AtThreshold(spec, "test", u) : null));
    }

    private static float? Threshold(SetAbstainRequest request, EnsembleSpec spec, EnsembleEvaluator evaluator)
    {
        var given = new object?[] { request.Threshold, request.TargetAccuracy, request.TargetCoverage }.Count(v => v is not null);
        if (given > 1)
        {
            throw Invalid("Give one of threshold, targetAccuracy and targetCoverage.", "threshold");
        }

        if (request.Threshold is { } threshold)
        {
            return threshold is >= 0f and <= 1f ? threshold : throw Invalid($"The threshold is {threshold}; it is a confidence from 0 to 1.", "threshold");
        }

        if (request.TargetAccuracy is { } accuracy)
        {
            if (!(accuracy is > 0 and <= 1))
            {
                throw Invalid($"targetAccuracy is {accuracy}; it is a share above 0, up to 1.", "targetAccuracy");
            }

            var curve = evaluator.RiskCoverage(spec, "validation");
            var point = RiskCoverage.ForAccuracy(curve, accuracy)
                ?? throw Invalid($"No threshold reaches an accuracy of {accuracy:P2} on validation; the most confident rows alone reach {curve[0].Accuracy:P2}.", "targetAccuracy");
            return (float)point.Threshold;
        }

        if (request.TargetCoverage is { } coverage)
        {
            return coverage is > 0 and <= 1
                ? (float)RiskCoverage.ForCoverage(evaluator.RiskCoverage(spec, "validation"), coverage).Threshold
                : throw Invalid($"targetCoverage is {coverage}; it is a share above 0, up to 1.", "targetCoverage");
        }

        return null;
    }

    private static async Task<EnsembleSpec> Resolve(string name, int? version, EnsembleStore store, CancellationToken cancellation)
    {
        var active = store.Active(name) ?? throw new RefusalException(RefusalKind.NotFound, $"No ensemble is named '{name}'.");
        return version is null || version == active.Version
            ? active
            : await store.VersionAsync(name, version.Value, cancellation) ?? throw new RefusalException(RefusalKind.NotFound, $"Ensemble '{name}' has no version {version}.");
    }

    private static RefusalException Invalid(string message, string field) => new(RefusalKind.Invalid, message, field);
}
