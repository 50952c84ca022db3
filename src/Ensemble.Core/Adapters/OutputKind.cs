namespace Ensemble.Core.Adapters;

/// <summary>What a member's output holds: probabilities (served as they are) or logits (served through a softmax).</summary>
public enum OutputKind
{
    Probabilities,
    Logits,
}
