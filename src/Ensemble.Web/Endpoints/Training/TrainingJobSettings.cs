using Ensemble.Core.Persistence.Entities;
using Ensemble.Training.Fitting;

namespace Ensemble.Web.Endpoints.Training;

/// <summary>What a job was asked to train: its hyperparameters, the name asked for, and the search trial it was promoted from.</summary>
public sealed record TrainingJobSettings(TrainingOptions Options, string? RequestedName, PromotedTrial? PromotedFrom)
{
    public static TrainingJobSettings Of(TrainingJobRecord j) => new(
        Options: j.Options,
        RequestedName: j.RequestedName,
        PromotedFrom: (j.SearchId, j.SearchTrial) is ({ } search, { } trial) ? new PromotedTrial(search, trial) : null);
}
