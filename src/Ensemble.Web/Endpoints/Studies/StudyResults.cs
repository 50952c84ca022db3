using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Tuning;
using Ensemble.Web.Endpoints.Runs;

namespace Ensemble.Web.Endpoints.Studies;

/// <summary>
/// What a finished study found: the weights (in member order), their scores on the pooled held-out rows and on
/// test, how far short of the optimum the log-loss optimum's budget may have left it (nats), the ensemble version
/// that applying it created, and with a limit what one input costs it, in the limit's unit.
/// </summary>
public sealed record StudyResults(float[] Weights, SplitScores HeldOut, SplitScores Test, double? OptimalityGap, int? AppliedVersion, double? Cost)
{
    /// <summary>The results, or null until the study has them (they are written together when it completes).</summary>
    public static StudyResults? Of(StudyRecord s) =>
        s.Weights is { } weights && SplitScores.Of(s.HeldOutAccuracy, s.HeldOutLogLoss) is { } heldOut && SplitScores.Of(s.TestAccuracy, s.TestLogLoss) is { } test
            ? new StudyResults(weights, heldOut, test, s.OptimalityGap, s.AppliedVersion, CostOf(s, weights))
            : null;

    private static double? CostOf(StudyRecord s, float[] weights) =>
        s.MemberCosts is { } costs && s.Limit is { } limit ? Math.Round(new CostBound(costs, limit.Value).Cost(weights), 3) : null;
}
