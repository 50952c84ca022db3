using System.Threading.Channels;
using Ensemble.Core.Models;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Runs a pass after each reload of the registry, and once at start for a reload that came before the subscription.
/// Reloads that arrive during a pass make one more pass, not one each. A failed pass is logged, and the next reload
/// tries again.
/// </summary>
internal abstract class ReloadFollower(ModelRegistry registry, ILogger logger) : BackgroundService
{
    /// <summary>What the pass does, for the log: "Scoring the members …".</summary>
    protected abstract string Pass { get; }

    protected abstract Task RunPassAsync(CancellationToken cancellation);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
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
                    await RunPassAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "{Pass} failed; the next reload tries again", Pass);
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
