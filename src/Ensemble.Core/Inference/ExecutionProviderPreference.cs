namespace Ensemble.Core.Inference;

/// <summary>Which ONNX Runtime execution provider to use: Auto tries CUDA and falls back to the CPU.</summary>
public enum ExecutionProviderPreference
{
    Auto,
    Cuda,
    Cpu,
}
