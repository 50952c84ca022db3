using Ensemble.Core.Ensembling;

namespace Ensemble.Core.Tuning;

/// <summary>Scores any weighting of loaded models on the validation or test split from the cached probabilities, in microseconds.</summary>
public sealed class EnsembleEvaluator(MemberProbabilityCache cache)
{
    public Score Evaluate(IReadOnlyList<string> members, ReadOnlySpan<float> weights, string split) =>
        new MixtureScorer(cache.Table(members, split)).Evaluate(weights);

    public Score Evaluate(EnsembleSpec spec, string split) =>
        Evaluate([.. spec.Members.Select(m => m.Model)], [.. spec.Members.Select(m => m.Weight)], split);

    /// <summary>The best single model among <paramref name="members"/> on validation, with its validation and test scores.</summary>
    public (string Model, Score Validation, Score Test) BestSingle(IReadOnlyList<string> members)
    {
        var scored = members.Select(m => (Model: m, Validation: Evaluate([m], [1f], "validation"))).ToList();
        var best = scored.Aggregate((a, b) => b.Validation.IsBetterThan(a.Validation, Objective.Accuracy) ? b : a);
        return (best.Model, best.Validation, Evaluate([best.Model], [1f], "test"));
    }
}
