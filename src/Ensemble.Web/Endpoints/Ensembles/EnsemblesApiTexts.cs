namespace Ensemble.Web.Endpoints.Ensembles;

/// <summary>What the OpenAPI document says of each route of <see cref="EnsemblesApi"/>, by operation id.</summary>
internal static class EnsemblesApiTexts
{
    public const string ListEnsembles =
        """
        Each ensemble's active version: its task, method, and members pinned by model name and SHA-256 with normalized
        weights. Every task has `<task>-uniform` (every model of the task loaded when it first served, equal weights).
        `needsReview` names members whose model file changed since the version was saved (the models folder is
        watched); such a version answers predictions with 409 until a new version is saved.
        """;

    public const string GetEnsemble =
        """
        404 when no ensemble has that name.
        """;

    public const string CreateEnsemble =
        """
        Creates the ensemble with version 1 active. `weights` names loaded models of one task (members of two tasks
        are refused with 400) and their non-negative weights (stored normalized to sum 1; with method Average every
        member counts the same). Members are pinned to the SHA-256 of their current files. 409 when the name is taken.
        """;

    public const string SetEnsembleWeights =
        """
        Versions are immutable: new weights (or members) always make a new version, which becomes active unless
        `activate` is false. The provenance is manual.
        """;

    public const string ListEnsembleVersions =
        """
        Each version with its method, members, provenance (default, manual or a tuning study's id), note, time and
        whether it is active.
        """;

    public const string ExportEnsembleVersion =
        """
        One ONNX model (opset 17) that takes the task's raw input and gives the version's probabilities: every
        member's graph with its names prefixed, its input adapter and softmax as ONNX ops, the temperatures and the
        weighted sum. It runs in any ONNX runtime, and dropped into a task folder it is served by Ensemble as one
        member. 409 when a member cannot be merged (the reason names it: an op with a subgraph, an opset outside
        13–17, external weights) or its file changed since the version was saved; 404 for an unknown ensemble or
        version.
        """;

    public const string ExportEnsembleDefinition =
        """
        The version's members pinned by SHA-256, their normalized weights and temperatures, the mixture's temperature,
        the abstain threshold and its note, as JSON; members of weight 0 are left out. Saved as `<task
        folder>/ensembles/<name>.json` (the `name` field names the ensemble: the version's own, or `as`; 400 when `as`
        is not a valid name), it seeds that ensemble when the app first finds it: at start, or when the task's models
        change. A definition never overwrites an existing ensemble, and one whose member is missing or changed is not
        seeded; the log says why. 404 for an unknown ensemble or version.
        """;

    public const string ActivateEnsembleVersion =
        """
        Activates an earlier or later version (a roll-back or roll-forward); predictions use it from the next request.
        404 for an unknown ensemble or version.
        """;
}
