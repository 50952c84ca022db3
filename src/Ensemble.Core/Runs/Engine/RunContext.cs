namespace Ensemble.Core.Runs.Engine;

/// <summary>What a handler gets for one run: its id, when to stop, and where to report progress.</summary>
public sealed class RunContext
{
    private readonly RunEngine _engine;

    internal RunContext(RunEngine engine, RunKind kind, int id, CancellationToken cancellation, CancellationToken stopping)
    {
        (_engine, Kind, Id, Cancellation, Stopping) = (engine, kind, id, cancellation, stopping);
    }

    public RunKind Kind { get; }

    public int Id { get; }

    /// <summary>Cancelled when the user cancels the run or the process shuts down; stop at the next safe point by throwing <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Cancelled only when the process shuts down (the run will show as interrupted, not cancelled).</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Publishes live progress: REST reads the latest, and subscribers hear of it (at most every 200 ms).</summary>
    public void Report(object progress) => _engine.Report(Kind, Id, progress);
}
