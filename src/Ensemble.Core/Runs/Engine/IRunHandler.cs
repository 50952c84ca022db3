using Ensemble.Core.Persistence;

namespace Ensemble.Core.Runs.Engine;

/// <summary>
/// One kind of background work: how it runs, and how its rows are found and moved between states. The engine
/// calls these; everything a handler needs beyond its row it brings itself.
/// </summary>
public interface IRunHandler
{
    RunKind Kind { get; }

    RunLane Lane { get; }

    /// <summary>What the kind is called in messages and metrics: "study", "training job", "search".</summary>
    string Noun { get; }

    /// <summary>Whether an interrupted, cancelled or failed run of this kind can be queued again and continue.</summary>
    bool CanResume { get; }

    /// <summary>Does the work. Returning completes the run; throwing <see cref="OperationCanceledException"/> after
    /// <see cref="RunContext.Cancellation"/> cancels or interrupts it; any other exception fails it with its message.
    /// Large data (a dataset, a network) belongs in a synchronous method it awaits on Task.Run, never in its own
    /// locals: those outlive the run until its continuations have run, past the engine's release of its memory.</summary>
    Task ExecuteAsync(RunContext run);

    /// <summary>At start-up, after runs that were running when the process stopped were marked interrupted.</summary>
    Task OnInterruptedAsync(EnsembleDbContext db, IReadOnlyList<int> ids, CancellationToken cancellation);

    internal Task<(int Id, DateTimeOffset CreatedUtc)?> OldestQueuedAsync(EnsembleDbContext db, CancellationToken cancellation);

    internal Task<RunStatus?> StatusAsync(EnsembleDbContext db, int id, CancellationToken cancellation);

    internal Task<IReadOnlyList<int>> IdsAsync(EnsembleDbContext db, RunStatus status, CancellationToken cancellation);

    /// <summary>Moves the run (every run, when <paramref name="id"/> is null) from one of <paramref name="from"/> to <paramref name="to"/> in one statement; the number moved.</summary>
    internal Task<int> MoveAsync(EnsembleDbContext db, int? id, RunStatus[] from, RunStatus to, DateTimeOffset now, string? error, CancellationToken cancellation);
}
