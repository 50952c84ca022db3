using Ensemble.Core.Adapters;
using Ensemble.Core.Inference;
using Ensemble.Core.Sidecars;
using Ensemble.Core.Tasks;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Models;

/// <summary>
/// One model file the registry found: loaded with its session, or failed with the reason. The session is
/// reference-counted: the registry holds one reference until the file changes, and every run holds one while it
/// runs, so a swapped-out session is disposed only after the last request on it finishes.
/// </summary>
public sealed class RegisteredModel
{
    private int _references = 1;
    private int _retired;

    public required string Name { get; init; }

    public required string Path { get; init; }

    public required string Sha256 { get; init; }

    public required ModelStatus Status { get; init; }

    public string? Error { get; init; }

    public string? Architecture { get; init; }

    public long? Parameters { get; init; }

    /// <summary>
    /// What serving one input costs, in MFLOP: the sidecar's count for one forward pass, else <see cref="FlopCounter"/>'s
    /// count from the graph; twice that when the member also scores the mirrored image; null when neither can say.
    /// </summary>
    public double? MegaFlops { get; init; }

    public SplitScore? Validation { get; init; }

    public SplitScore? Test { get; init; }

    public required string Provider { get; init; }

    /// <summary>The task folder the file sits in; null for a file outside any task folder.</summary>
    public ServedTask? Task { get; init; }

    /// <summary>The task's name, or "" for a file outside any task folder.</summary>
    public string TaskName => Task?.Name ?? "";

    /// <summary>How the model meets its task's contract; set for every loaded model.</summary>
    public ModelAdapter? Adapter { get; init; }

    /// <summary>Runs the loaded model: the input as the task gives it, the output made probabilities in the task's class order.</summary>
    /// <param name="input">rows × the task's sample size.</param>
    /// <param name="probabilities">rows × the task's classes, written.</param>
    public void Run(Memory<float> input, int rows, Span<float> probabilities) =>
        ModelRunner.Run(Session ?? throw new InvalidOperationException($"Model {Name} is not loaded: {Error}"), Adapter!, input, rows, probabilities);

    /// <summary>When its sidecar was last written, as loaded; null without one.</summary>
    internal DateTime? SidecarWritten { get; init; }

    /// <summary>One session for the life of the model; <c>Run</c> is thread-safe.</summary>
    internal InferenceSession? Session { get; init; }

    public bool IsLoaded => Status == ModelStatus.Loaded;

    /// <summary>Whether the registry has replaced or dropped this model; runs already holding it still finish.</summary>
    public bool IsRetired => Volatile.Read(ref _retired) == 1;

    /// <summary>Takes a reference for one run; false once the model is retired and its last run has ended.</summary>
    internal bool TryAcquire()
    {
        while (true)
        {
            var references = Volatile.Read(ref _references);
            if (references == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, references + 1, references) == references)
            {
                return true;
            }
        }
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Released?.Invoke();
            Session?.Dispose();
        }
    }

    /// <summary>The registry's reference goes: the session lives on until the runs holding it end.</summary>
    internal void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0)
        {
            Release();
        }
    }

    /// <summary>Called once, when the last reference goes, before the session is disposed.</summary>
    internal Action? Released { get; set; }
}
