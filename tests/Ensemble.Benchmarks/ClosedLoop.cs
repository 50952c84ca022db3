using System.Diagnostics;

namespace Ensemble.Benchmarks;

/// <summary>
/// Closed-loop load from this process: each client sends its next request as soon as the last one is answered,
/// for a fixed time. The protocol is the caller's; this times it and counts what failed.
/// </summary>
internal static class ClosedLoop
{
    /// <param name="send">Sends client <c>c</c>'s <c>i</c>-th request; true when it was answered with success.</param>
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, Func<int, int, Task<bool>> send)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = latencies[c] = [];
            // Clients start at different requests so that they do not send the same image in step.
            var i = c;
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await send(c, i++))
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)], errors);
    }
}
