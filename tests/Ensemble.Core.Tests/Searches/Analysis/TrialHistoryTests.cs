using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Hyperparameters.Sampling;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Training.Fitting;

namespace Ensemble.Core.Tests.Searches.Analysis;

/// <summary>What a proposal learns from: the trials known when it starts, at the budget a model is fitted on.</summary>
public class TrialHistoryTests
{
    private static readonly SearchRecord Hyperband = new()
    {
        Space = new SearchSpace(),
        Budget = new SearchBudget { Mode = SearchMode.Hyperband, MinEpochs = 1, MaxEpochs = 9, Eta = 3 },
    };

    [Fact]
    public void History_HasEarlierBracketsAtEveryRungReached_AndThisBracketAtItsFirstRungOnly()
    {
        var dimensions = Hyperband.Space.Dimensions(64);
        // Bracket 0 rungs: 1, 3, 9 epochs; bracket 1: 3, 9. Trial 1 reached 9 epochs; trial 2 stopped at 3; trial 10 is in bracket 1.
        SearchTrialRecord[] trials = [Trial(1, 0, epochs: 9), Trial(2, 0, epochs: 3), Trial(10, 1, epochs: 9), Trial(11, 1, epochs: 3)];

        var history = SearchRunHandlerHistory(trials, bracket: 1, number: 12, dimensions);

        Assert.Equal([(1, 1), (1, 3), (1, 9), (2, 1), (2, 3), (10, 3), (11, 3)], history.Select(o => (Number(o), o.Epochs)));
        // Trial 10 trained to 9 epochs, but this bracket had only reached its first rung (3 epochs) when trial 12 started.
        Assert.Equal(0.91, history.Single(o => Number(o) == 10).Score, 12);
    }

    [Fact]
    public void TheModelLearnsFromTheLargestBudgetWithEnoughResults_ElseFromTheMostNumerous()
    {
        var point = new double[] { 0 };
        Observation[] history = [.. Enumerable.Range(0, 9).Select(_ => new Observation(point, 1, 0.5)), .. Enumerable.Range(0, 3).Select(_ => new Observation(point, 3, 0.6)), new Observation(point, 9, 0.7)];

        Assert.All(Sampling(history, enough: 3), o => Assert.Equal(3, o.Epochs));
        Assert.All(Sampling(history, enough: 4), o => Assert.Equal(1, o.Epochs));
        Assert.Single(Sampling(history, enough: 1));
        Assert.Empty(Sampling([], enough: 3));
    }

    private static List<Observation> Sampling(IReadOnlyList<Observation> history, int enough) => Core.Searches.Analysis.TrialHistory.ForModel(history, enough);

    private static List<Observation> SearchRunHandlerHistory(SearchTrialRecord[] trials, int bracket, int number, IReadOnlyList<Dimension> dimensions) =>
        Core.Searches.Analysis.TrialHistory.Of(trials, bracket, number, dimensions, Hyperband);

    // The trials' widths are their numbers / 100, so an observation says whose it is.
    private static int Number(Observation o) => (int)Math.Round(o.Point[1] * 100);

    private static SearchTrialRecord Trial(int number, int bracket, int epochs) => new()
    {
        Number = number,
        Bracket = bracket,
        Configuration = new SearchConfiguration("residual", number / 100f, 1e-3f, 1e-4f, true),
        Curve = [.. Enumerable.Range(1, epochs).Select(e => new EpochMetrics(e, 0.5, 0.8, 0.4, 0.9 + e / 300.0, 1, 100, 1e-3f))],
    };
}
