using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ensemble.Core.Models;

/// <summary>
/// The measured time per input of every loaded member: the median of several runs at batch 1 and at batch 32 on its
/// serving session, on real rows of its task's validation split (zeros for a task without one), once per file
/// (SHA-256), task and provider, in the background after each reload.
/// </summary>
public sealed class MemberTimings(ModelRegistry registry)
{
    public const int Batch = 32;
    private const int WarmUps = 2;
    private const int SingleRuns = 9;
    private const int BatchRuns = 5;

    private readonly ConcurrentDictionary<(string Sha, string Task, string Provider), MemberTiming> _measured = new();

    /// <summary>Raised after a pass that timed at least one member.</summary>
    public event Action? Measured;

    /// <summary>The member's timing, or null while it is not measured yet (or is not loaded).</summary>
    public MemberTiming? Of(RegisteredModel model) => _measured.GetValueOrDefault(Key(model));

    /// <summary>The timing of the loaded model of that name; null as above.</summary>
    public MemberTiming? Of(string name) => registry.Find(name) is { IsLoaded: true } model ? Of(model) : null;

    /// <summary>Times every loaded member not timed yet; one swapped out meanwhile is skipped (its successor is timed on the next pass).</summary>
    public void TimeMissing(CancellationToken cancellation)
    {
        var timed = 0;
        foreach (var name in registry.Loaded.Where(m => !_measured.ContainsKey(Key(m))).Select(m => m.Name).ToList())
        {
            cancellation.ThrowIfCancellationRequested();
            if (registry.Lease(name) is not { } model)
            {
                continue;
            }

            try
            {
                _measured[Key(model)] = Measure(model);
                timed++;
            }
            finally
            {
                ModelRegistry.Return(model);
            }
        }

        if (timed > 0)
        {
            Measured?.Invoke();
        }
    }

    /// <summary>Times one loaded member; the caller holds a reference to it.</summary>
    public static MemberTiming Measure(RegisteredModel model)
    {
        var adapter = model.Adapter ?? throw new InvalidOperationException($"Model {model.Name} is not loaded: {model.Error}");
        var input = Rows(model, adapter.SampleSize);
        var output = new float[Batch * adapter.Classes];
        for (var i = 0; i < WarmUps; i++)
        {
            model.Run(input, 1, output);
            model.Run(input, Batch, output);
        }

        var single = Median(SingleRuns, () => model.Run(input, 1, output));
        var batched = Median(BatchRuns, () => model.Run(input, Batch, output)) / Batch;
        return new MemberTiming(single, batched).Rounded();
    }

    // Real inputs where the task has them: a model's time can depend on its input (trees, early exits, NaN paths).
    private static float[] Rows(RegisteredModel model, int size)
    {
        var input = new float[Batch * size];
        if (model.Task?.Split("validation") is { Count: > 0 } samples)
        {
            for (var row = 0; row < Batch; row += samples.Count)
            {
                samples.CopyInputs(0, Math.Min(samples.Count, Batch - row), input.AsSpan(row * size));
            }
        }

        return input;
    }

    private static double Median(int runs, Action run)
    {
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    private static (string, string, string) Key(RegisteredModel model) => (model.Sha256, model.TaskName, model.Provider);
}
