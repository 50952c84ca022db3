namespace Ensemble.Web.Tests.Models;

/// <summary>A count that tests can await reaching a value, signalled by whoever counts.</summary>
public sealed class Milestones
{
    private readonly Lock _lock = new();
    private readonly List<(int Target, TaskCompletionSource Reached)> _waiting = [];
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void Increment()
    {
        lock (_lock)
        {
            _count++;
            foreach (var (target, reached) in _waiting.Where(w => w.Target <= _count))
            {
                reached.TrySetResult();
            }

            _waiting.RemoveAll(w => w.Target <= _count);
        }
    }

    /// <summary>Completes once the count is at least <paramref name="target"/>.</summary>
    public Task ReachedAsync(int target)
    {
        lock (_lock)
        {
            if (_count >= target)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((target, reached));
            return reached.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }
}
