using Ensemble.Core.Persistence.Entities;

namespace Ensemble.Web.Endpoints.Studies;

/// <summary>What a study's result is compared with: the uniform average of its members and its best single member.</summary>
public sealed record StudyBaselines(BaselineScores Uniform, BestSingleScores BestSingle)
{
    /// <summary>The baselines, or null until the study has them.</summary>
    public static StudyBaselines? Of(StudyRecord s) =>
        (s.UniformHeldOutAccuracy, s.UniformTestAccuracy, s.BestSingle, s.BestSingleHeldOutAccuracy, s.BestSingleTestAccuracy) is ({ } uh, { } ut, { } single, { } sh, { } st)
            ? new StudyBaselines(new BaselineScores(uh, ut), new BestSingleScores(single, sh, st))
            : null;
}
