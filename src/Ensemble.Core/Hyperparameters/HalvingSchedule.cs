namespace Ensemble.Core.Hyperparameters;

/// <summary>
/// The rungs of successive halving and the brackets of Hyperband (and the one rung of a full search). A rung keeps the best ⌊n/η⌋ trials (at least one) and
/// multiplies their epochs by η, until the maximum epochs.
/// </summary>
public static class HalvingSchedule
{
    public static IReadOnlyList<Bracket> Brackets(SearchBudget budget)
    {
        if (budget.Mode == SearchMode.Full)
        {
            return [new Bracket(0, [new Rung(budget.Trials, budget.MaxEpochs)])];
        }

        var steps = Steps(budget.MinEpochs, budget.MaxEpochs, budget.Eta);
        if (budget.Mode == SearchMode.SuccessiveHalving)
        {
            return [new Bracket(0, Rungs(budget.Trials, budget.MinEpochs, steps, budget.MaxEpochs, budget.Eta))];
        }

        // Bracket s starts ⌈(s_max+1)/(s+1)·η^s⌉ trials at R·η^−s epochs: the last bracket is plain random search.
        var brackets = new List<Bracket>();
        for (var s = steps; s >= 0; s--)
        {
            var trials = (int)Math.Ceiling((steps + 1.0) / (s + 1) * Math.Pow(budget.Eta, s));
            var epochs = Math.Max(budget.MinEpochs, budget.MaxEpochs / Pow(budget.Eta, s));
            brackets.Add(new Bracket(steps - s, Rungs(trials, epochs, s, budget.MaxEpochs, budget.Eta)));
        }

        return brackets;
    }

    /// <summary>How many times the epochs can grow by η from the first rung before passing the maximum.</summary>
    private static int Steps(int minEpochs, int maxEpochs, int eta)
    {
        var steps = 0;
        for (var epochs = minEpochs; epochs * eta <= maxEpochs; epochs *= eta)
        {
            steps++;
        }

        return steps;
    }

    private static List<Rung> Rungs(int trials, int epochs, int steps, int maxEpochs, int eta)
    {
        var rungs = new List<Rung>();
        for (var i = 0; i <= steps; i++)
        {
            // The best trial always goes on, however few started.
            var count = Math.Max(1, trials / Pow(eta, i));
            // The last rung always trains to the maximum, even when η does not divide it evenly.
            rungs.Add(new Rung(count, i == steps ? maxEpochs : Math.Min(maxEpochs, epochs * Pow(eta, i))));
        }

        return rungs;
    }

    private static int Pow(int value, int exponent)
    {
        var result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= value;
        }

        return result;
    }

    /// <summary>Epochs trained in all: a trial that goes on trains only the epochs between its rungs.</summary>
    public static int PlannedEpochs(IReadOnlyList<Bracket> brackets) =>
        brackets.Sum(b => b.Rungs.Select((r, i) => r.Trials * (r.Epochs - (i == 0 ? 0 : b.Rungs[i - 1].Epochs))).Sum());
}
