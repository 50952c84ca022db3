namespace Ensemble.Web.Endpoints.Calibration;

/// <summary>What the OpenAPI document says of each route of <see cref="CalibrationApi"/>, by operation id.</summary>
internal static class CalibrationApiTexts
{
    public const string GetEnsembleCalibration =
        """
        The version (active by default, or `version`) as it serves, temperatures included, on the validation and test
        splits: accuracy, log-loss, Brier score, expected calibration error (15 equal-width bins) and the reliability
        bins; the risk–coverage curves (accuracy on the share of inputs answered, per confidence threshold); and each
        member as it is. 404 for an unknown ensemble or version.
        """;

    public const string SetEnsembleAbstain =
        """
        A new version with the active version's weights and temperatures and this abstain threshold: give `threshold`
        (a confidence from 0 to 1), or `targetAccuracy` (the threshold with the most validation coverage that reaches
        it) or `targetCoverage` (the highest threshold that still answers that share of validation); none removes the
        threshold. Predictions below it are answered with `abstain: true`, probabilities included. Answers the
        threshold's coverage and accuracy on validation and test.
        """;
}
