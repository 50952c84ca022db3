namespace Ensemble.Training.Kernels;

/// <summary>
/// How layers split a batch into contiguous chunks of images for the worker pool. The split depends only on the
/// batch size and the pool's thread count, so per-chunk partial gradients add up in the same order every run.
/// </summary>
public static class BatchPartition
{
    public static int Chunks(int batch) => Math.Min(batch, WorkerPool.Shared.Threads * WorkerPool.ChunksPerThread);

    public static (int Start, int End) Range(int chunk, int chunks, int batch) =>
        ((int)((long)batch * chunk / chunks), (int)((long)batch * (chunk + 1) / chunks));
}
