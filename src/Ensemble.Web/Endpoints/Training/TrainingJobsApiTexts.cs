using Ensemble.Web.Endpoints.Runs;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>What the OpenAPI document says of each training-job route, by operation id.</summary>
internal static class TrainingJobsApiTexts
{
    public const string CreateTrainingJob =
        """
        Trains one model of an image task (`task`, default the default task) in the app with the pure C# trainer,
        built for the task's C×H×W input and classes: `architecture` (residual, separable, vgg, mlp), `width`
        multiplier, `epochs`, `batchSize`, `optimizer` (AdamW, Adam, RmsProp, Sgd), `learningRate`, `cosine` schedule
        with `warmupEpochs`, `weightDecay`, `augment`, `seed`, and `limit` (train on the first N images). Omitted
        fields take the recipe of the committed models. One job or search trains at a time; the others wait in order.
        On success the model is written into the task's folder as `name` (or ARCH-ID; a taken name gets a suffix,
        nothing is overwritten) and served at once. 404 for an unknown task, 400 for a preset the task's input is too
        small for, 503 when the task's train split is neither in its data/ folder nor where Training:TrainData:<task>
        points (for Fashion-MNIST: apt-get install dataset-fashion-mnist).
        """;

    public const string ListTrainingJobs =
        """
        The queue and the history: every job's hyperparameters, state, per-epoch metrics, final validation and test
        accuracy, training time and model.
        """;

    public const string GetTrainingJob =
        """
        While running: epoch and batch, images/s, running loss and accuracy, ETA and the running curve. Per epoch:
        training loss and accuracy, validation loss and accuracy, seconds and learning rate. A job that was running
        when the process stopped shows as Interrupted and can resume.
        """;

    public const string CancelTrainingJob =
        """
        A running job stops after its current batch; its last epoch checkpoint is kept so it can resume. No model file
        is written. 409 when the job is not queued or running.
        """;

    public const string ResumeTrainingJob =
        """
        Queues the job again; it continues from its last epoch checkpoint, bit for bit as if it had not stopped. 409
        for a job in any other state.
        """;

    /// <summary>The routes every run shares.</summary>
    public static readonly RunRouteTexts Runs = new(
        "TrainingJob",
        "TrainingJobs",
        List: new("List the training jobs, newest first", ListTrainingJobs),
        Get: new("One training job with its epoch metrics and live progress", GetTrainingJob),
        Cancel: new("Stop a queued or running job", CancelTrainingJob),
        Resume: new("Resume an interrupted, cancelled or failed job", ResumeTrainingJob));
}
