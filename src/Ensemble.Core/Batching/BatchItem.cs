namespace Ensemble.Core.Batching;

/// <summary>One request's rows waiting in a model's queue, where its probabilities go, and whom to tell.</summary>
internal sealed class BatchItem(Memory<float> input, int count, Memory<float> probabilities, PredictionCompletion completion)
{
    public Memory<float> Input { get; } = input;

    public int Count { get; } = count;

    public Memory<float> Probabilities { get; } = probabilities;

    public PredictionCompletion Completion { get; } = completion;

    public long EnqueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    private volatile bool _done;

    /// <summary>Whether its run has ended, with probabilities or with an error.</summary>
    public bool IsDone => _done;

    public void MarkDone() => _done = true;
}
