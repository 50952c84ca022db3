namespace Ensemble.Core.Inference;

/// <summary>One request's images waiting in a model's queue, and where its probabilities go.</summary>
internal sealed class BatchItem(Memory<float> pixels, int count, Memory<float> probabilities)
    : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public Memory<float> Pixels { get; } = pixels;

    public int Count { get; } = count;

    public Memory<float> Probabilities { get; } = probabilities;

    public long EnqueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
}
