namespace Ensemble.Core.Inference;

/// <summary>The "Inference" configuration section.</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    public ExecutionProviderPreference ExecutionProvider { get; set; } = ExecutionProviderPreference.Auto;

    /// <summary>Most instances one predict request may carry.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// ONNX Runtime intra-op threads per session run; 0 lets ONNX Runtime use every core. A server gets its
    /// parallelism from concurrent requests, so 1 (the default) avoids thread pools that spin and compete with them.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;
}
