using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Ensemble.Core.Memory;
using Ensemble.Core.Persistence;
using Ensemble.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ensemble.Core.Runs.Engine;

/// <summary>
/// Runs studies, training jobs and searches: the database is the queue, and each lane runs its oldest queued work,
/// one at a time. Every state change is one conditional UPDATE (queued → running claims a run, so two replicas
/// sharing a database could take turns; a heartbeat per running run is what a multi-replica change would add).
/// Cancel withdraws a queued run or stops a running one; a shutdown interrupts what runs; a failure of any kind ends
/// the run Failed with its reason, and the lane goes on. Every change is pushed to subscribers, so pages and tests
/// wait on events rather than poll.
/// </summary>
public sealed class RunEngine
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);
    private static readonly RunStatus[] Resumable = [RunStatus.Interrupted, RunStatus.Cancelled, RunStatus.Failed];

    private readonly IDbContextFactory<EnsembleDbContext> _databases;
    private readonly TimeProvider _clock;
    private readonly EnsembleMetrics _metrics;
    private readonly ILogger<RunEngine> _logger;
    private readonly Dictionary<RunKind, IRunHandler> _handlers;
    private readonly Dictionary<RunLane, RunSignal> _signals;
    private readonly ConcurrentDictionary<(RunKind Kind, int Id), CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<(RunKind Kind, int Id), (object Progress, long RaisedAt)> _progress = new();
    private readonly Lock _subscribing = new();
    private Action<RunChange>[] _subscribers = [];

    public RunEngine(IDbContextFactory<EnsembleDbContext> databases, IEnumerable<IRunHandler> handlers, TimeProvider clock, EnsembleMetrics metrics, ILogger<RunEngine> logger)
    {
        (_databases, _clock, _metrics, _logger) = (databases, clock, metrics, logger);
        _handlers = handlers.ToDictionary(h => h.Kind);
        _signals = Enum.GetValues<RunLane>().ToDictionary(lane => lane, _ => new RunSignal());
    }

    /// <summary>Stores <paramref name="record"/> as queued and wakes its lane.</summary>
    public async Task<TRecord> EnqueueAsync<TRecord>(RunKind kind, TRecord record, CancellationToken cancellation = default)
        where TRecord : class, IRunRecord
    {
        var handler = _handlers[kind];
        record.Status = RunStatus.Queued;
        record.CreatedUtc = _clock.GetUtcNow();
        await using (var db = await _databases.CreateDbContextAsync(cancellation))
        {
            db.Add(record);
            await db.SaveChangesAsync(cancellation);
        }

        Raise(new RunChange(kind, record.Id, RunStatus.Queued));
        _signals[handler.Lane].Set();
        return record;
    }

    /// <summary>Withdraws a queued run, or asks a running one to stop after its current step.</summary>
    /// <exception cref="RefusalException">No such run (404), or it is neither queued nor running (409).</exception>
    public async Task CancelAsync(RunKind kind, int id, CancellationToken cancellation = default)
    {
        var handler = _handlers[kind];
        if (await TryStopAsync(kind, id))
        {
            return;
        }

        await using var db = await _databases.CreateDbContextAsync(cancellation);
        if (await handler.MoveAsync(db, id, [RunStatus.Queued], RunStatus.Cancelled, _clock.GetUtcNow(), null, cancellation) == 1)
        {
            Raise(new RunChange(kind, id, RunStatus.Cancelled));
            return;
        }

        // A lane may have claimed it between the two looks; it registers before it claims, so it is found now.
        if (await TryStopAsync(kind, id))
        {
            return;
        }

        var status = await handler.StatusAsync(db, id, cancellation) ?? throw NotFound(handler, id);
        throw new RefusalException(RefusalKind.Conflict, $"{Capitalized(handler.Noun)} {id} is {status}; only a queued or running {handler.Noun} can be cancelled.");
    }

    /// <summary>Queues an interrupted, cancelled or failed run again, for kinds that can continue where they stopped.</summary>
    /// <exception cref="RefusalException">No such run (404), or it cannot resume (409).</exception>
    public async Task ResumeAsync(RunKind kind, int id, CancellationToken cancellation = default)
    {
        var handler = _handlers[kind];
        await using var db = await _databases.CreateDbContextAsync(cancellation);
        var status = await handler.StatusAsync(db, id, cancellation) ?? throw NotFound(handler, id);
        if (!handler.CanResume)
        {
            throw new RefusalException(RefusalKind.Conflict, $"A {handler.Noun} cannot resume; start a new one.");
        }

        if (await handler.MoveAsync(db, id, Resumable, RunStatus.Queued, _clock.GetUtcNow(), null, cancellation) != 1)
        {
            throw new RefusalException(RefusalKind.Conflict, $"{Capitalized(handler.Noun)} {id} is {status}; only an interrupted, cancelled or failed {handler.Noun} can resume.");
        }

        Raise(new RunChange(kind, id, RunStatus.Queued));
        _signals[handler.Lane].Set();
    }

    /// <summary>At start-up, before the lanes run: what was running when the process stopped is interrupted; queued work stays queued.</summary>
    public async Task RecoverAsync(CancellationToken cancellation = default)
    {
        await using var db = await _databases.CreateDbContextAsync(cancellation);
        foreach (var handler in _handlers.Values)
        {
            var ids = await handler.IdsAsync(db, RunStatus.Running, cancellation);
            if (ids.Count == 0)
            {
                continue;
            }

            await handler.MoveAsync(db, null, [RunStatus.Running], RunStatus.Interrupted, _clock.GetUtcNow(), null, cancellation);
            await handler.OnInterruptedAsync(db, ids, cancellation);
            _logger.LogWarning("{Kind} {Ids} was running when the process stopped: interrupted{Resume}", handler.Noun, string.Join(", ", ids),
                handler.CanResume ? "; it can resume" : "");
        }
    }

    /// <summary>Runs the lane's queued work, oldest first, one at a time, until <paramref name="stopping"/>.</summary>
    public async Task RunLaneAsync(RunLane lane, CancellationToken stopping)
    {
        var signal = _signals[lane];
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await ClaimNextAsync(lane, stopping) is not { } next)
                {
                    await signal.WaitAsync(stopping);
                    continue;
                }

                await RunAsync(next.Handler, next.Id, next.Cancel, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database refused the claim itself; try again shortly rather than spin.
                _logger.LogError(e, "The {Lane} lane could not take its next run", lane);
                await Task.Delay(TimeSpan.FromSeconds(5), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>How runs of <paramref name="kind"/> are named in messages.</summary>
    public string Noun(RunKind kind) => _handlers[kind].Noun;

    /// <summary>The live progress of a running run, or null.</summary>
    public TProgress? Progress<TProgress>(RunKind kind, int id)
        where TProgress : class =>
        _progress.TryGetValue((kind, id), out var live) ? live.Progress as TProgress : null;

    public async Task<RunStatus?> StatusAsync(RunKind kind, int id, CancellationToken cancellation = default)
    {
        await using var db = await _databases.CreateDbContextAsync(cancellation);
        return await _handlers[kind].StatusAsync(db, id, cancellation);
    }

    /// <summary>Calls <paramref name="observer"/> on every change, on the thread that made it: keep it short. Dispose to stop.</summary>
    public IDisposable Subscribe(Action<RunChange> observer)
    {
        lock (_subscribing)
        {
            _subscribers = [.. _subscribers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>Completes once <paramref name="condition"/> holds, checking it now and again after every change.</summary>
    public async Task WhenAsync(Func<CancellationToken, ValueTask<bool>> condition, CancellationToken cancellation = default)
    {
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var subscription = Subscribe(_ => changed.Writer.TryWrite(true));
        while (!await condition(cancellation))
        {
            await changed.Reader.ReadAsync(cancellation);
        }
    }

    /// <summary>Waits until the run has finished and returns how it ended.</summary>
    public async Task<RunStatus> WaitForEndAsync(RunKind kind, int id, CancellationToken cancellation = default)
    {
        RunStatus? status = null;
        await WhenAsync(async c => (status = await StatusAsync(kind, id, c) ?? throw NotFound(_handlers[kind], id)).Value.IsFinished(), cancellation);
        return status!.Value;
    }

    internal void Report(RunKind kind, int id, object progress)
    {
        var now = Stopwatch.GetTimestamp();
        var raisedAt = _progress.TryGetValue((kind, id), out var previous) ? previous.RaisedAt : 0;
        var raise = raisedAt == 0 || Stopwatch.GetElapsedTime(raisedAt, now) >= ProgressInterval;
        _progress[(kind, id)] = (progress, raise ? now : raisedAt);
        if (raise)
        {
            Raise(new RunChange(kind, id, RunStatus.Running, progress));
        }
    }

    private async Task<bool> TryStopAsync(RunKind kind, int id)
    {
        if (!_running.TryGetValue((kind, id), out var source))
        {
            return false;
        }

        try
        {
            await source.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // It finished meanwhile; its final state says how.
        }

        return true;
    }

    private async Task<(IRunHandler Handler, int Id, CancellationTokenSource Cancel)?> ClaimNextAsync(RunLane lane, CancellationToken stopping)
    {
        await using var db = await _databases.CreateDbContextAsync(stopping);
        while (true)
        {
            var candidates = new List<(IRunHandler Handler, int Id, DateTimeOffset CreatedUtc)>();
            foreach (var handler in _handlers.Values.Where(h => h.Lane == lane))
            {
                if (await handler.OldestQueuedAsync(db, stopping) is { } oldest)
                {
                    candidates.Add((handler, oldest.Id, oldest.CreatedUtc));
                }
            }

            if (candidates.Count == 0)
            {
                return null;
            }

            var (next, id, _) = candidates.OrderBy(c => c.CreatedUtc).ThenBy(c => c.Handler.Kind).First();
            // Registered before the claim, so a cancel that races the claim always finds one of the two.
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _running[(next.Kind, id)] = cancel;
            var claimed = false;
            try
            {
                claimed = await next.MoveAsync(db, id, [RunStatus.Queued], RunStatus.Running, _clock.GetUtcNow(), null, stopping) == 1;
            }
            finally
            {
                if (!claimed)
                {
                    _running.TryRemove((next.Kind, id), out _);
                    cancel.Dispose();
                }
            }

            if (claimed)
            {
                return (next, id, cancel);
            }

            // Cancelled, or taken by another replica, since it was read: look again.
        }
    }

    private async Task RunAsync(IRunHandler handler, int id, CancellationTokenSource cancel, CancellationToken stopping)
    {
        var label = handler.Noun.Replace(' ', '-');
        Raise(new RunChange(handler.Kind, id, RunStatus.Running));
        _metrics.Started(label);
        var (end, error) = (RunStatus.Completed, (string?)null);
        try
        {
            cancel.Token.ThrowIfCancellationRequested();
            await handler.ExecuteAsync(new RunContext(this, handler.Kind, id, cancel.Token, stopping));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // A shutdown is not the user's cancel: the run shows as cut short, like one a crash stopped.
            end = stopping.IsCancellationRequested ? RunStatus.Interrupted : RunStatus.Cancelled;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{Kind} {Id} failed", handler.Noun, id);
            (end, error) = (RunStatus.Failed, RunFailure.Describe(e));
        }
        finally
        {
            _running.TryRemove((handler.Kind, id), out _);
            cancel.Dispose();
        }

        // Before its end is announced: a training run leaves hundreds of megabytes of tensors that the collector and
        // malloc keep unless told. Handlers hold such data only in synchronous frames, gone by now; one of this
        // thread's frames may still be a handler's finished state machine, so the collection runs on another.
        await Task.Run(NativeHeap.Release, CancellationToken.None);
        await FinishAsync(handler, id, end, error);
        _progress.TryRemove((handler.Kind, id), out _);
        _metrics.Finished(label, end.ToString());
        Raise(new RunChange(handler.Kind, id, end));
    }

    // The last word on a run must land even while shutting down; a busy database gets a few more chances.
    private async Task FinishAsync(IRunHandler handler, int id, RunStatus end, string? error)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await _databases.CreateDbContextAsync(CancellationToken.None);
                await handler.MoveAsync(db, id, [RunStatus.Running], end, _clock.GetUtcNow(), error, CancellationToken.None);
                return;
            }
            catch (Exception e) when (attempt < 4)
            {
                _logger.LogWarning(e, "Could not record {Kind} {Id} as {Status} (attempt {Attempt}); trying again", handler.Noun, id, end, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Could not record {Kind} {Id} as {Status}; it shows as interrupted after the next start", handler.Noun, id, end);
                return;
            }
        }
    }

    private void Raise(RunChange change)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(change);
            }
            catch (Exception e)
            {
                // A page's handler must never break the run that told it.
                _logger.LogWarning(e, "A subscriber to run changes failed");
            }
        }
    }

    private void Unsubscribe(Action<RunChange> observer)
    {
        lock (_subscribing)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, observer))];
        }
    }

    private static RefusalException NotFound(IRunHandler handler, int id) => new(RefusalKind.NotFound, $"No {handler.Noun} has id {id}.");

    private static string Capitalized(string noun) => char.ToUpperInvariant(noun[0]) + noun[1..];

    private sealed class Subscription(RunEngine engine, Action<RunChange> observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                engine.Unsubscribe(observer);
            }
        }
    }
}
