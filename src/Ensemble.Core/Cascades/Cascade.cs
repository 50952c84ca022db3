namespace Ensemble.Core.Cascades;

/// <summary>
/// Members run in stages: each stage adds its members (indices into the weights), and the answer at a stage is the
/// weighted mixture of every member run so far. A row stops at the first stage whose answer is sure enough by
/// <see cref="Rule"/> (at least that stage's threshold); the last stage always answers.
/// </summary>
public sealed record Cascade(IReadOnlyList<int[]> Stages, float[] Weights, ConfidenceRule Rule, double[] Thresholds)
{
    /// <summary>What is wrong with it, or null when it can run.</summary>
    public string? Problem()
    {
        if (Stages.Count == 0 || Stages.Any(s => s.Length == 0))
        {
            return "A cascade needs at least one stage, and every stage at least one member.";
        }

        var members = Stages.SelectMany(s => s).ToList();
        if (members.Distinct().Count() != members.Count)
        {
            return "A member may appear in only one stage of a cascade.";
        }

        if (members.Any(m => (uint)m >= (uint)Weights.Length))
        {
            return "A stage names a member the cascade has no weight for.";
        }

        if (Thresholds.Length != Stages.Count - 1)
        {
            return $"A cascade of {Stages.Count} stages has {Stages.Count - 1} thresholds (the last stage always answers), not {Thresholds.Length}.";
        }

        return Thresholds.Any(t => !(t is >= 0 and <= 1)) ? "Thresholds are between 0 and 1." : null;
    }

    /// <summary>How sure an answer (class probabilities) is by this cascade's rule.</summary>
    public double Confidence(ReadOnlySpan<float> answer) => Sure(answer, Rule);

    public static double Sure(ReadOnlySpan<float> answer, ConfidenceRule rule)
    {
        float first = float.NegativeInfinity, second = float.NegativeInfinity;
        foreach (var p in answer)
        {
            if (p > first)
            {
                (first, second) = (p, first);
            }
            else if (p > second)
            {
                second = p;
            }
        }

        return rule == ConfidenceRule.MaxProbability ? first : first - Math.Max(second, 0f);
    }
}
