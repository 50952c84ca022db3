namespace Ensemble.Core.Cascades;

/// <summary>How sure a cascade's answer at a stage is: its largest probability, or the gap between its two largest.</summary>
public enum ConfidenceRule
{
    MaxProbability,
    Margin,
}
