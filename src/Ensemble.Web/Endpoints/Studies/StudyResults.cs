using Ensemble.Core.Persistence.Entities;
using Ensemble.Web.Endpoints.Runs;

namespace Ensemble.Web.Endpoints.Studies;

/// <summary>
/// What a finished study found: the weights (in member order), their scores on the pooled held-out rows and on
/// test, how far short of the optimum the log-loss optimum's budget may have left it (nats), and the ensemble
/// version that applying it created.
/// </summary>
public sealed record StudyResults(float[] Weights, SplitScores HeldOut, SplitScores Test, double? OptimalityGap, int? AppliedVersion)
{
    /// <summary>The results, or null until the study has them (they are written together when it completes).</summary>
    public static StudyResults? Of(StudyRecord s) =>
        s.Weights is { } weights && SplitScores.Of(s.HeldOutAccuracy, s.HeldOutLogLoss) is { } heldOut && SplitScores.Of(s.TestAccuracy, s.TestLogLoss) is { } test
            ? new StudyResults(weights, heldOut, test, s.OptimalityGap, s.AppliedVersion)
            : null;
}
