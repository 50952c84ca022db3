using Ensemble.Core.Tuning;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Benchmarks;

/// <summary>Uniform vs random search vs greedy selection vs the log-loss optimum on the committed models, 5-fold held-out and test.</summary>
public static class TuningReport
{
    /// <param name="only">The members to tune (all loaded models when empty), to compare ensembles of different size side by side.</param>
    public static void Run(IReadOnlyList<string> only)
    {
        using var app = new ServingFixture();
        var cache = app.Services.GetRequiredService<MemberProbabilityCache>();
        var members = app.Registry.Loaded.Select(m => m.Name).Where(n => only.Count == 0 || only.Contains(n)).ToList();
        var validation = cache.Table(members, "validation");
        var test = cache.Table(members, "test");
        (string Name, Objective Objective, Func<ITuningStrategy> Strategy)[] studies =
        [
            ("random search (500, α=1)", Objective.Accuracy, () => new RandomSearch(500, 1.0, seed: 1)),
            ("greedy selection (25)", Objective.Accuracy, () => new GreedySelection(25, 1, Objective.Accuracy)),
            ("log-loss optimum (EM)", Objective.LogLoss, () => new LogLossOptimum(1e-7)),
        ];
        Console.WriteLine($"members: {string.Join(", ", members)}; validation {validation.Rows:N0} rows in 5 folds; test {test.Rows:N0} rows");
        Console.WriteLine($"| {"method",-26} | {"weights",-22} | held-out acc | held-out log-loss | test acc | test log-loss |");
        Console.WriteLine("|---|---|---|---|---|---|");
        StudyResult? any = null;
        foreach (var (name, objective, strategy) in studies)
        {
            var result = StudyRunner.Run(new StudyPlan(objective, Folds: 5, Seed: 1), validation, test, strategy);
            any ??= result;
            Row(name, string.Join(" / ", result.Weights.Select(w => w.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))), result.HeldOut, result.Test);
        }

        Row("fashion-mnist-uniform", string.Join(" / ", members.Select(_ => (1.0 / members.Count).ToString("F3", System.Globalization.CultureInfo.InvariantCulture))), any!.UniformHeldOut, any.UniformTest);
        Row($"best single ({any.BestSingle})", "", any.BestSingleHeldOut, any.BestSingleTest);
    }

    private static void Row(string name, string weights, Score heldOut, Score test) =>
        Console.WriteLine($"| {name,-26} | {weights,-22} | {heldOut.Accuracy,12:P2} | {heldOut.LogLoss,17:F4} | {test.Accuracy,8:P2} | {test.LogLoss,13:F4} |");
}
