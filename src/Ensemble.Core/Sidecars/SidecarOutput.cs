namespace Ensemble.Core.Sidecars;

/// <summary>A sidecar's "output": which ONNX output holds the class scores, and whether they are "probabilities", "logits" or "auto" (probe).</summary>
public sealed record SidecarOutput(string? Name, string? Kind);
