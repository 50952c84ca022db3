namespace Ensemble.Core.Sidecars;

/// <summary>
/// A sidecar's "input": which ONNX input takes the task's input, its layout ("NCHW", "NHWC" or "flat"), and the
/// normalization the model expects, <c>(x · scale − mean) / std</c> per channel (per feature for a features task).
/// </summary>
public sealed record SidecarInput(string? Name, string? Layout, float? Scale, IReadOnlyList<float>? Mean, IReadOnlyList<float>? Std);
