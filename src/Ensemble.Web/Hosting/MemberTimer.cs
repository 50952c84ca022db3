using Ensemble.Core.Models;

namespace Ensemble.Web.Hosting;

/// <summary>Times, after each reload, the members not timed yet (see <see cref="MemberTimings"/>).</summary>
internal sealed class MemberTimer(ModelRegistry registry, MemberTimings timings, ILogger<MemberTimer> logger) : ReloadFollower(registry, logger)
{
    protected override string Pass => "Timing the members";

    // Synchronous inference; keep it off the host's start-up path.
    protected override Task RunPassAsync(CancellationToken cancellation) => Task.Run(() => timings.TimeMissing(cancellation), cancellation);
}
