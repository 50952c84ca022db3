using Ensemble.Core.Persistence.Entities;

namespace Ensemble.Web.Endpoints.Studies;

/// <summary>One trial of a study: the fold it ran in, its weights (in the study's member order), its fit and held-out scores.</summary>
public sealed record StudyTrialResponse(int Fold, int Number, float[] Weights, double FitAccuracy, double FitLogLoss, double HeldOutAccuracy, double HeldOutLogLoss)
{
    public static StudyTrialResponse From(TrialRecord t) => new(t.Fold, t.Number, t.Weights, t.FitAccuracy, t.FitLogLoss, t.HeldOutAccuracy, t.HeldOutLogLoss);
}
