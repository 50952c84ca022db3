using Ensemble.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Runs.Engine;

/// <summary>
/// What every kind of stored run answers alike: its live progress, one run, all of them newest first, cancelling and
/// resuming. A kind's service adds how a run is queued and what else it offers (trials, apply, promote).
/// </summary>
public abstract class RunService<TRecord, TProgress>(IDbContextFactory<EnsembleDbContext> databases, RunEngine engine, RunKind kind)
    where TRecord : class, IRunRecord
    where TProgress : class
{
    protected IDbContextFactory<EnsembleDbContext> Databases => databases;

    protected RunEngine Engine => engine;

    /// <summary>How the kind's runs are named in messages: "study", "training job", "search".</summary>
    public string Noun => engine.Noun(kind);

    /// <summary>The live progress of a running run, or null.</summary>
    public TProgress? Progress(int id) => engine.Progress<TProgress>(kind, id);

    public async Task<TRecord?> GetAsync(int id, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.Set<TRecord>().AsNoTracking().FirstOrDefaultAsync(run => run.Id == id, cancellation);
    }

    public async Task<IReadOnlyList<TRecord>> ListAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.Set<TRecord>().AsNoTracking().OrderByDescending(run => run.Id).ToListAsync(cancellation);
    }

    /// <summary>Withdraws a queued run, or stops a running one after its current step; what it finished is kept.</summary>
    public Task CancelAsync(int id, CancellationToken cancellation = default) => engine.CancelAsync(kind, id, cancellation);

    /// <summary>Queues an interrupted, cancelled or failed run again, for kinds that continue where they stopped.</summary>
    public async Task ResumeAsync(int id, CancellationToken cancellation = default)
    {
        // A run that is not there is the engine's 404 to give.
        if (await GetAsync(id, cancellation) is { } run && WhyNotResumable(run) is { } why)
        {
            throw new RefusalException(RefusalKind.Unavailable, why);
        }

        await engine.ResumeAsync(kind, id, cancellation);
    }

    /// <summary>What a resumed run would lack right now (its training data, say), or null when it can go on.</summary>
    protected virtual string? WhyNotResumable(TRecord run) => null;
}
