using Ensemble.Web.Endpoints.Runs;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>What the OpenAPI document says of each search route, by operation id.</summary>
internal static class SearchesApiTexts
{
    public const string CreateSearch =
        """
        On the image task `task` (default the default task), proposes configurations from `space` (architectures,
        optimizers and batch sizes; log-uniform learning rate and weight decay; uniform width multiplier and label
        smoothing; augmentation on/off, and random erasing with augmentation; a dimension with one choice or equal
        bounds is fixed) with `budget.sampler`: Random, Tpe (tree-structured Parzen estimator) or Gp (Gaussian process
        with expected improvement), the model-based ones after `budget.startupTrials` random trials, each trial
        proposed from the trials before it. They train by successive halving, Hyperband (with Tpe: BOHB) or in full
        (`budget.mode`): every trial trains `minEpochs` on `trainImages` training images and is scored on
        `validationImages` validation images; at each rung the best 1/`eta` continue from their checkpoints to `eta`
        times the epochs, up to `maxEpochs`. Runs on the training lane, one job or search at a time; follow it with
        GET /api/training/searches/{id} or the event stream GET /api/runs/events?kind=Search&id={id}.
        """;

    public const string ListSearches =
        """
        Space, budget, state, progress and best trial of every search.
        """;

    public const string GetSearch =
        """
        Each trial with its configuration, bracket, highest rung, validation curve per epoch, final validation
        accuracy and log-loss, and why it stopped (its rank at the rung where it was cut, reaching the last rung,
        divergence or cancellation).
        """;

    public const string AnalyzeSearch =
        """
        The optimization history (each trial's validation accuracy at the last epoch it trained, and the best so far),
        every free dimension's value per trial beside the trials' scores (for parallel coordinates), and each
        dimension's importance: the mean decrease in impurity of a random forest fitted to the scores at one budget
        (the largest with enough results), as optuna-dashboard shows it.
        """;

    public const string CancelSearch =
        """
        The trials trained so far and their checkpoints are kept, so the search can resume. 409 when the search is not
        queued or running.
        """;

    public const string ResumeSearch =
        """
        Queues the search again. It replays its schedule: trials already trained keep their configuration and curve
        and train only the epochs they lack, from their checkpoints, so it ends as a search that never stopped would
        have. 409 for a search in any other state.
        """;

    public const string PromoteSearchTrial =
        """
        Queues a training job with the trial's hyperparameters (the best trial unless `trial` is given) on the whole
        training split for `epochs` epochs (20 by default) with the standard warm-up and batch size.
        """;

    /// <summary>The routes every run shares.</summary>
    public static readonly RunRouteTexts Runs = new(
        "Search",
        "Searches",
        List: new("List the searches, newest first", ListSearches),
        Get: new("One search with every trial", GetSearch),
        Cancel: new("Stop a queued or running search", CancelSearch),
        Resume: new("Resume an interrupted, cancelled or failed search", ResumeSearch));
}
