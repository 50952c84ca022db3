namespace Ensemble.Training.Kernels;

/// <summary>
/// A fixed set of worker threads that run the indices of a parallel loop. Unlike Parallel.For it
/// allocates nothing per call, and calls from inside a running body run inline, so a layer can
/// parallelize over images while the GEMM it calls stays single-threaded.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    [ThreadStatic]
    private static bool t_insideBody;

    private static WorkerPool? s_shared;

    private readonly Thread[] _workers;
    private readonly SemaphoreSlim _start;
    private readonly ManualResetEventSlim _finished = new(false);
    private readonly Lock _callLock = new();
    private Action<int>? _body;
    private int _count;
    private int _next;
    private int _running;
    private Exception? _failure;
    private volatile bool _disposed;

    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _start = new SemaphoreSlim(0);
        _workers = new Thread[threads - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"ensemble-worker-{i + 1}" };
            _workers[i].Start();
        }
    }

    public int Threads { get; }

    /// <summary>
    /// Layers split a batch into this many chunks per thread, so a thread that the OS delays does not hold the
    /// others up. The chunking depends only on the thread count, which keeps results reproducible.
    /// </summary>
    public const int ChunksPerThread = 2;

    /// <summary>The pool layers use; its size defaults to the processor count.</summary>
    public static WorkerPool Shared
    {
        get => s_shared ??= new WorkerPool(Environment.ProcessorCount);
        set => s_shared = value;
    }

    /// <summary>Runs <paramref name="body"/> for every index in [0, count). Which thread runs an index is not fixed, so results must not depend on it.</summary>
    public void For(int count, Action<int> body)
    {
        if (count <= 0)
        {
            return;
        }

        if (count == 1 || _workers.Length == 0 || t_insideBody)
        {
            RunInline(count, body);
            return;
        }

        lock (_callLock)
        {
            _body = body;
            _count = count;
            _next = -1;
            _failure = null;
            _finished.Reset();
            var helpers = Math.Min(_workers.Length, count - 1);
            _running = helpers + 1;
            _start.Release(helpers);
            Drain();
            _finished.Wait();
            _body = null;
            if (_failure is { } failure)
            {
                throw new AggregateException(failure);
            }
        }
    }

    private static void RunInline(int count, Action<int> body)
    {
        var outer = t_insideBody;
        t_insideBody = true;
        try
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }
        }
        finally
        {
            t_insideBody = outer;
        }
    }

    private void Drain()
    {
        t_insideBody = true;
        try
        {
            var body = _body!;
            int index;
            while ((index = Interlocked.Increment(ref _next)) < _count)
            {
                body(index);
            }
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _failure, ex, null);
            Volatile.Write(ref _next, _count);
        }
        finally
        {
            t_insideBody = false;
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _finished.Set();
            }
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _start.Wait();
            if (_disposed)
            {
                return;
            }

            Drain();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_workers.Length > 0)
        {
            _start.Release(_workers.Length);
        }
    }
}
