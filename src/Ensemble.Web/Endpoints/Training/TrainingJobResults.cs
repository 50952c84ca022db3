using Ensemble.Core.Persistence.Entities;
using Ensemble.Training.Fitting;
using Ensemble.Web.Endpoints.Runs;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>
/// What a job has done: the images it trains on, the network's size and cost, the threads and seconds it took, its
/// epochs so far, and once it completed its validation and test scores and the model it registered.
/// </summary>
public sealed record TrainingJobResults(
    int TrainImages,
    long Parameters,
    double MegaFlops,
    int Threads,
    double TrainingSeconds,
    IReadOnlyList<EpochMetrics> Epochs,
    SplitScores? Validation,
    SplitScores? Test,
    RegisteredModel? Model)
{
    public static TrainingJobResults Of(TrainingJobRecord j) => new(
        TrainImages: j.TrainImages,
        Parameters: j.Parameters,
        MegaFlops: j.MegaFlops,
        Threads: j.Threads,
        TrainingSeconds: j.TrainingSeconds,
        Epochs: j.Epochs,
        Validation: SplitScores.Of(j.ValidationAccuracy, j.ValidationLogLoss),
        Test: SplitScores.Of(j.TestAccuracy, j.TestLogLoss),
        Model: (j.ModelName, j.ModelSha256) is ({ } name, { } sha) ? new RegisteredModel(name, sha) : null);
}
