namespace Ensemble.Core.Telemetry;

/// <summary>
/// One model version's running totals, as Triton's statistics extension reports them: counts of images and runs,
/// and count and cumulative nanoseconds of successes, failures, queue waits and compute. Updated without locks.
/// </summary>
public sealed class ModelCounters
{
    private long _inferences;
    private long _executions;
    private long _successCount;
    private long _successNs;
    private long _failCount;
    private long _failNs;
    private long _queueCount;
    private long _queueNs;
    private long _computeCount;
    private long _computeNs;
    private long _lastInference;

    public long Inferences => Interlocked.Read(ref _inferences);

    public long Executions => Interlocked.Read(ref _executions);

    public (long Count, long Ns) Success => (Interlocked.Read(ref _successCount), Interlocked.Read(ref _successNs));

    public (long Count, long Ns) Fail => (Interlocked.Read(ref _failCount), Interlocked.Read(ref _failNs));

    public (long Count, long Ns) Queue => (Interlocked.Read(ref _queueCount), Interlocked.Read(ref _queueNs));

    public (long Count, long Ns) Compute => (Interlocked.Read(ref _computeCount), Interlocked.Read(ref _computeNs));

    /// <summary>When the last request finished, in milliseconds since the Unix epoch; 0 before the first.</summary>
    public long LastInference => Interlocked.Read(ref _lastInference);

    internal void Executed(int images, TimeSpan compute)
    {
        Interlocked.Add(ref _inferences, images);
        Interlocked.Increment(ref _executions);
        Interlocked.Increment(ref _computeCount);
        Interlocked.Add(ref _computeNs, Nanoseconds(compute));
    }

    internal void Queued(TimeSpan wait)
    {
        Interlocked.Increment(ref _queueCount);
        Interlocked.Add(ref _queueNs, Nanoseconds(wait));
    }

    internal void Succeeded(TimeSpan duration)
    {
        Interlocked.Increment(ref _successCount);
        Interlocked.Add(ref _successNs, Nanoseconds(duration));
        Interlocked.Exchange(ref _lastInference, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    internal void Failed(TimeSpan duration)
    {
        Interlocked.Increment(ref _failCount);
        Interlocked.Add(ref _failNs, Nanoseconds(duration));
        Interlocked.Exchange(ref _lastInference, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private static long Nanoseconds(TimeSpan span) => span.Ticks * 100;
}
