using Ensemble.Training.Kernels;

namespace Ensemble.Training.Tests.Kernels;

public class WorkerPoolTests
{
    [Fact]
    public void For_RunsEveryIndexExactlyOnce_AcrossThreads()
    {
        using var pool = new WorkerPool(3);
        var hits = new int[1000];

        for (var round = 0; round < 20; round++)
        {
            pool.For(hits.Length, i => Interlocked.Increment(ref hits[i]));
        }

        Assert.All(hits, h => Assert.Equal(20, h));
    }

    [Fact]
    public void For_CalledInsideABody_RunsInlineOnThatThread()
    {
        using var pool = new WorkerPool(2);
        var sameThread = new bool[8];

        pool.For(8, i =>
        {
            var outer = Environment.CurrentManagedThreadId;
            pool.For(4, _ => sameThread[i] |= Environment.CurrentManagedThreadId != outer);
        });

        Assert.All(sameThread, moved => Assert.False(moved));
    }

    [Fact]
    public void For_WhenABodyThrows_RethrowsAndStaysUsable()
    {
        using var pool = new WorkerPool(2);

        var error = Assert.Throws<AggregateException>(() => pool.For(100, i =>
        {
            if (i == 37)
            {
                throw new InvalidOperationException("boom");
            }
        }));
        var count = 0;
        pool.For(50, _ => Interlocked.Increment(ref count));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(50, count);
    }
}
