namespace Ensemble.Training.Onnx;

/// <summary>The sidecar's statement of the output serving reads: its name and whether it holds probabilities or logits.</summary>
public sealed record ModelOutput(string Name, string Kind)
{
    public const string Probabilities = "probabilities";
}
