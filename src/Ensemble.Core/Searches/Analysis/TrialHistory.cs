using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Hyperparameters.Sampling;
using Ensemble.Core.Persistence.Entities;

namespace Ensemble.Core.Searches.Analysis;

/// <summary>A search's finished trials as the observations its samplers and its analysis learn from.</summary>
internal static class TrialHistory
{
    /// <summary>
    /// What the search knew when trial <paramref name="number"/> of bracket <paramref name="bracket"/> started: every
    /// earlier bracket's trials at each rung they reached, and this bracket's earlier trials at its first rung (brackets
    /// run one after another, and a bracket's first rung trial after trial). A trial that failed counts as score 0.
    /// </summary>
    internal static List<Observation> Of(IEnumerable<SearchTrialRecord> trials, int bracket, int number, IReadOnlyList<Dimension> dimensions, SearchRecord search)
    {
        var rungs = HalvingSchedule.Brackets(search.Budget);
        var history = new List<Observation>();
        foreach (var trial in trials.Where(t => t.Number < number).OrderBy(t => t.Number))
        {
            var point = search.Space.Encode(dimensions, trial.Configuration, search.Budget.BatchSize);
            var epochs = rungs[trial.Bracket].Rungs.Select(r => r.Epochs);
            if (trial.Outcome == TrialOutcome.Failed)
            {
                history.Add(new Observation(point, epochs.First(), 0));
                continue;
            }

            foreach (var e in trial.Bracket == bracket ? epochs.Take(1) : epochs)
            {
                if (trial.Curve.Count >= e)
                {
                    history.Add(new Observation(point, e, trial.Curve[e - 1].ValidationAccuracy));
                }
            }
        }

        return history;
    }

    /// <summary>
    /// The observations a model learns from: those of the largest budget (epochs) that has at least
    /// <paramref name="enough"/> of them, as BOHB fits its model; before any has, the most numerous budget's.
    /// </summary>
    internal static List<Observation> ForModel(IReadOnlyList<Observation> history, int enough)
    {
        var budgets = history.GroupBy(o => o.Epochs).ToList();
        var chosen = budgets.Where(g => g.Count() >= enough).OrderByDescending(g => g.Key).FirstOrDefault()
            ?? budgets.OrderByDescending(g => g.Count()).ThenBy(g => g.Key).FirstOrDefault();
        return chosen?.ToList() ?? [];
    }
}
