using Ensemble.Core.Hyperparameters.Sampling;
using Ensemble.Core.Persistence.Entities;

namespace Ensemble.Core.Searches.Analysis;

/// <summary>Computes a <see cref="SearchAnalysis"/> from a search and its stored trials.</summary>
public static class SearchAnalyzer
{
    public const string Method =
        "Mean decrease in impurity of a 64-tree random forest fitted to the trials' validation accuracy at one budget (the largest with enough results), "
        + "choices one-hot and summed back, as Optuna's MeanDecreaseImpurityImportanceEvaluator.";

    public static SearchAnalysis Analyze(SearchRecord search, IReadOnlyList<SearchTrialRecord> trials)
    {
        var dimensions = search.Space.Dimensions(search.Budget.BatchSize);
        var scored = trials.Where(t => t.ValidationAccuracy is not null).OrderBy(t => t.Number).ToList();
        var history = new List<HistoryPoint>();
        var best = double.NegativeInfinity;
        foreach (var trial in scored)
        {
            best = Math.Max(best, trial.ValidationAccuracy!.Value);
            history.Add(new HistoryPoint(trial.Number, trial.Curve.Count, trial.ValidationAccuracy.Value, best));
        }

        var points = scored.Select(t => search.Space.Encode(dimensions, t.Configuration, search.Budget.BatchSize)).ToList();
        var free = Enumerable.Range(0, dimensions.Count).Where(d => !dimensions[d].IsFixed).ToList();
        var values = free.Select(d =>
        {
            var dimension = dimensions[d];
            return new DimensionValues(dimension.Name, dimension.Kind.ToString(), dimension.Choices, dimension.Natural(dimension.Min), dimension.Natural(dimension.Max),
                [.. points.Select(p => double.IsNaN(p[d]) ? (double?)null : dimension.Kind == DimensionKind.Categorical ? p[d] : dimension.Natural(p[d]))]);
        }).ToList();

        // One budget for every trial compared, so a score after 1 epoch never meets one after 9.
        var everything = TrialHistory.Of(trials, bracket: int.MaxValue, number: int.MaxValue, dimensions, search);
        var chosen = TrialHistory.ForModel(everything, enough: Math.Max(5, free.Count + 1));
        var importance = Importance(dimensions, free, chosen);
        return new SearchAnalysis(history, [.. scored.Select(t => t.Number)], [.. scored.Select(t => t.ValidationAccuracy!.Value)], values,
            importance, Method, chosen.FirstOrDefault()?.Epochs ?? 0, chosen.Count);
    }

    /// <summary>Each free dimension's share of the impurity decrease (zeros with fewer than three observations).</summary>
    public static IReadOnlyList<DimensionImportance> Importance(IReadOnlyList<Dimension> dimensions, IReadOnlyList<int> free, IReadOnlyList<Observation> observations)
    {
        if (observations.Count < 3 || free.Count == 0)
        {
            return [.. free.Select(d => new DimensionImportance(dimensions[d].Name, 0))];
        }

        // Numbers as they are (inactive: below the range); choices one-hot, each column remembering its dimension.
        var owner = new List<int>();
        foreach (var d in free)
        {
            owner.AddRange(Enumerable.Repeat(d, dimensions[d].Kind == DimensionKind.Categorical ? dimensions[d].Choices.Count : 1));
        }

        var x = observations.Select(o =>
        {
            var row = new List<double>();
            foreach (var d in free)
            {
                var dimension = dimensions[d];
                if (dimension.Kind == DimensionKind.Categorical)
                {
                    row.AddRange(Enumerable.Range(0, dimension.Choices.Count).Select(c => !double.IsNaN(o.Point[d]) && (int)o.Point[d] == c ? 1.0 : 0.0));
                }
                else
                {
                    row.Add(double.IsNaN(o.Point[d]) ? dimension.Min - (dimension.Max - dimension.Min) : o.Point[d]);
                }
            }

            return row.ToArray();
        }).ToList();
        var columns = RandomForest.Importances(x, [.. observations.Select(o => o.Score)]);
        return [.. free.Select(d => new DimensionImportance(dimensions[d].Name, owner.Select((o, c) => (o, c)).Where(p => p.o == d).Sum(p => columns[p.c])))];
    }
}
