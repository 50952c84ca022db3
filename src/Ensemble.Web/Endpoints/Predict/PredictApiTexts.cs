namespace Ensemble.Web.Endpoints.Predict;

/// <summary>What the OpenAPI document says of each route of <see cref="PredictApi"/>, by operation id.</summary>
internal static class PredictApiTexts
{
    public const string Predict =
        """
        Runs every member of the ensemble with a positive weight once on the batch (a member of weight 0 is not run
        and not listed), each through its adapter, and returns, per instance, the ensemble's (weighted) average of the
        members' class probabilities in the task's class order, the top-k classes, and each member's probabilities.
        `ensemble` names the ensemble; without it `task` picks that task's default ensemble (the `defaultEnsemble` its
        task.json names, else its uniform one), and without either the default task's. `weights` overrides the stored
        weights for this request only. An image task's instances are `pixels` (C×H×W values in [0, 1], channels first)
        or `image` (a base64 PNG/JPEG, prepared as POST /api/predict/image says); a features task's are `features`.
        Get real inputs from GET /api/samples.
        """;
}
