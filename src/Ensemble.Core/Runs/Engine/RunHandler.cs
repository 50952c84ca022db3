using Ensemble.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Runs.Engine;

/// <summary>
/// The part of every handler that only depends on the row type: finding queued runs and moving a run between states
/// with one conditional UPDATE. The condition on the current state is what makes a move atomic: of two callers
/// (a cancel and a claim, or two replicas claiming), exactly one sees its row move.
/// </summary>
public abstract class RunHandler<TRecord> : IRunHandler
    where TRecord : class, IRunRecord
{
    public abstract RunKind Kind { get; }

    public abstract RunLane Lane { get; }

    public abstract string Noun { get; }

    public abstract bool CanResume { get; }

    public abstract Task ExecuteAsync(RunContext run);

    public virtual Task OnInterruptedAsync(EnsembleDbContext db, IReadOnlyList<int> ids, CancellationToken cancellation) => Task.CompletedTask;

    async Task<(int Id, DateTimeOffset CreatedUtc)?> IRunHandler.OldestQueuedAsync(EnsembleDbContext db, CancellationToken cancellation)
    {
        var oldest = await db.Set<TRecord>().AsNoTracking().Where(r => r.Status == RunStatus.Queued)
            .OrderBy(r => r.CreatedUtc).ThenBy(r => r.Id).Select(r => new { r.Id, r.CreatedUtc }).FirstOrDefaultAsync(cancellation);
        return oldest is null ? null : (oldest.Id, oldest.CreatedUtc);
    }

    async Task<RunStatus?> IRunHandler.StatusAsync(EnsembleDbContext db, int id, CancellationToken cancellation) =>
        await db.Set<TRecord>().AsNoTracking().Where(r => r.Id == id).Select(r => (RunStatus?)r.Status).FirstOrDefaultAsync(cancellation);

    async Task<IReadOnlyList<int>> IRunHandler.IdsAsync(EnsembleDbContext db, RunStatus status, CancellationToken cancellation) =>
        await db.Set<TRecord>().AsNoTracking().Where(r => r.Status == status).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellation);

    Task<int> IRunHandler.MoveAsync(EnsembleDbContext db, int? id, RunStatus[] from, RunStatus to, DateTimeOffset now, string? error, CancellationToken cancellation)
    {
        var rows = db.Set<TRecord>().Where(r => from.Contains(r.Status));
        if (id is { } one)
        {
            rows = rows.Where(r => r.Id == one);
        }

        return to switch
        {
            RunStatus.Running => rows.ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to).SetProperty(r => r.StartedUtc, r => r.StartedUtc ?? now), cancellation),
            RunStatus.Queued => rows.ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to).SetProperty(r => r.Error, (string?)null).SetProperty(r => r.FinishedUtc, (DateTimeOffset?)null), cancellation),
            _ => rows.ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to).SetProperty(r => r.Error, error).SetProperty(r => r.FinishedUtc, now), cancellation),
        };
    }
}
