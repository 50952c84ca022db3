using Ensemble.Core.Runs;

namespace Ensemble.Web.Endpoints.Runs;

/// <summary>When a run was queued, first started (a resumed run keeps its first start) and finished.</summary>
public sealed record RunTiming(DateTimeOffset CreatedUtc, DateTimeOffset? StartedUtc, DateTimeOffset? FinishedUtc)
{
    public static RunTiming Of(IRunRecord run) => new(run.CreatedUtc, run.StartedUtc, run.FinishedUtc);
}
