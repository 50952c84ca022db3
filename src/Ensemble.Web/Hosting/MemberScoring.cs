using System.Threading.Channels;
using Ensemble.Core.Models;

namespace Ensemble.Web.Hosting;

/// <summary>Computes, after each reload, the scores of the members whose sidecars have none (see <see cref="MemberScores"/>).</summary>
internal sealed class MemberScoring(ModelRegistry registry, MemberScores scores, ILogger<MemberScoring> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reloads = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void Reloaded() => reloads.Writer.TryWrite(true);
        registry.Reloaded += Reloaded;
        reloads.Writer.TryWrite(true);
        try
        {
            while (await reloads.Reader.WaitToReadAsync(stoppingToken))
            {
                reloads.Reader.TryRead(out _);
                try
                {
                    // The scoring pass is synchronous work; keep it off the host's start-up path.
                    await Task.Run(() => scores.ScoreMissing(stoppingToken), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Scoring the members without sidecar metrics failed; the next reload tries again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            registry.Reloaded -= Reloaded;
        }
    }
}
