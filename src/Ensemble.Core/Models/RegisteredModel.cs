using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Models;

/// <summary>One model file the registry found: loaded with its session, or failed with the reason.</summary>
public sealed class RegisteredModel
{
    public required string Name { get; init; }

    public required string Path { get; init; }

    public required string Sha256 { get; init; }

    public required ModelStatus Status { get; init; }

    public string? Error { get; init; }

    public string? Architecture { get; init; }

    public long? Parameters { get; init; }

    public SplitScore? Validation { get; init; }

    public SplitScore? Test { get; init; }

    public required string Provider { get; init; }

    /// <summary>One session for the life of the model; <c>Run</c> is thread-safe.</summary>
    internal InferenceSession? Session { get; init; }

    public bool IsLoaded => Status == ModelStatus.Loaded;
}
