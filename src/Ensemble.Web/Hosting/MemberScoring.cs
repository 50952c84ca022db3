using Ensemble.Core.Models;
using Ensemble.Core.Scoring;

namespace Ensemble.Web.Hosting;

/// <summary>Computes, after each reload, the scores of the members whose sidecars have none (see <see cref="MemberScores"/>).</summary>
internal sealed class MemberScoring(ModelRegistry registry, MemberScores scores, ILogger<MemberScoring> logger) : ReloadFollower(registry, logger)
{
    protected override string Pass => "Scoring the members without sidecar metrics";

    // The scoring pass is synchronous work; keep it off the host's start-up path.
    protected override Task RunPassAsync(CancellationToken cancellation) => Task.Run(() => scores.ScoreMissing(cancellation), cancellation);
}
