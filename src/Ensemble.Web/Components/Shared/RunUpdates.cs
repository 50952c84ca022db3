using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;

namespace Ensemble.Web.Components.Shared;

/// <summary>
/// Refreshes a page when runs of the kinds it shows change, pushed by the engine instead of read on a timer.
/// Changes are folded together: one refresh runs at a time, and changes during it cost exactly one more, so a
/// study scoring thousands of trials a second re-renders as fast as the page can draw and no faster.
/// </summary>
public sealed class RunUpdates : IDisposable
{
    private readonly IDisposable _subscription;
    private readonly RunKind[] _kinds;
    private readonly Func<Task> _refresh;
    private readonly Func<Exception, Task> _fail;
    private int _dirty;
    private int _refreshing;
    private volatile bool _disposed;

    /// <param name="refresh">Re-reads and re-renders, on the component's dispatcher (wrap it in InvokeAsync).</param>
    /// <param name="fail">Where a failed refresh goes: the component's DispatchExceptionAsync, so the error boundary shows it.</param>
    public RunUpdates(RunEngine engine, RunKind[] kinds, Func<Task> refresh, Func<Exception, Task> fail)
    {
        (_kinds, _refresh, _fail) = (kinds, refresh, fail);
        _subscription = engine.Subscribe(OnChange);
    }

    private void OnChange(RunChange change)
    {
        if (_disposed || !_kinds.Contains(change.Kind))
        {
            return;
        }

        Volatile.Write(ref _dirty, 1);
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            // Off the engine's thread: the change came from a run that must not wait for a page.
            _ = Task.Run(RefreshAsync);
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            while (!_disposed && Interlocked.Exchange(ref _dirty, 0) == 1)
            {
                await _refresh();
            }
        }
        catch (Exception e) when (!_disposed)
        {
            await _fail(e);
        }
        catch (Exception) when (_disposed)
        {
            // The page closed while it refreshed.
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }

        // A change that arrived after the last look and before the flag came down.
        if (!_disposed && Volatile.Read(ref _dirty) == 1 && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            await RefreshAsync();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription.Dispose();
    }
}
