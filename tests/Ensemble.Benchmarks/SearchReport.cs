using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ensemble.Core.Hyperparameters;

namespace Ensemble.Benchmarks;

/// <summary>
/// The samplers side by side on the committed task: Random, TPE and GP with successive halving, and BOHB (TPE with
/// Hyperband), each from three seeds, on the same budget (the default subsets; successive halving starts as many
/// trials as keep its epochs level with Hyperband's), reporting the best validation accuracy each search found.
/// </summary>
public static class SearchReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <param name="only">Rows to run, by the first word of their name (Random, TPE, GP, BOHB); empty runs all.</param>
    public static async Task RunAsync(int[] seeds, string[] only)
    {
        using var app = new ServingFixture();
        using var api = app.CreateClient();
        var hyperband = new SearchBudget { Mode = SearchMode.Hyperband, MinEpochs = 1, MaxEpochs = 9, Eta = 3 };
        var hyperbandEpochs = HalvingSchedule.PlannedEpochs(HalvingSchedule.Brackets(hyperband));
        // As many first-rung trials as bring successive halving's epochs closest to Hyperband's.
        var trials = Enumerable.Range(1, SearchBudget.MaxTrials)
            .MinBy(n => Math.Abs(HalvingSchedule.PlannedEpochs(HalvingSchedule.Brackets(new SearchBudget { Trials = n, MinEpochs = 1, MaxEpochs = 9, Eta = 3 })) - hyperbandEpochs));
        (string Name, SearchBudget Budget)[] strategies =
        [
            ("Random + successive halving", new SearchBudget { Trials = trials, MinEpochs = 1, MaxEpochs = 9, Eta = 3 }),
            ("TPE + successive halving", new SearchBudget { Trials = trials, MinEpochs = 1, MaxEpochs = 9, Eta = 3, Sampler = Core.Hyperparameters.Sampling.SamplerKind.Tpe }),
            ("GP + successive halving", new SearchBudget { Trials = trials, MinEpochs = 1, MaxEpochs = 9, Eta = 3, Sampler = Core.Hyperparameters.Sampling.SamplerKind.Gp }),
            ("BOHB (TPE + Hyperband)", hyperband with { Sampler = Core.Hyperparameters.Sampling.SamplerKind.Tpe }),
        ];
        Console.WriteLine($"fashion-mnist, default space and subsets ({new SearchBudget().TrainImages:N0} training, {new SearchBudget().ValidationImages:N0} validation images), {Environment.ProcessorCount} cores, seeds {string.Join(", ", seeds)}");
        Console.WriteLine($"| strategy | epochs | {string.Join(" | ", seeds.Select(s => $"seed {s}"))} | mean | minutes |");
        Console.WriteLine($"|---|---|{string.Concat(seeds.Select(_ => "---|"))}---|---|");
        foreach (var (name, budget) in strategies.Where(s => only.Length == 0 || only.Contains(s.Name.Split(' ')[0], StringComparer.OrdinalIgnoreCase)))
        {
            var best = new List<double>();
            var seconds = 0.0;
            foreach (var seed in seeds)
            {
                var created = await api.PostAsJsonAsync("/api/training/searches", new { budget = budget with { Seed = seed } }, Json);
                created.EnsureSuccessStatusCode();
                var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetInt32();
                await RunEvents.EndAsync(api, "Search", id, TimeSpan.FromHours(2));
                var search = await api.GetFromJsonAsync<JsonElement>($"/api/training/searches/{id}", Json);
                best.Add(search.GetProperty("results").GetProperty("best").GetProperty("validationAccuracy").GetDouble());
                seconds += search.GetProperty("results").GetProperty("seconds").GetDouble();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {HalvingSchedule.PlannedEpochs(HalvingSchedule.Brackets(budget))} | {string.Join(" | ", best.Select(b => b.ToString("P2", CultureInfo.InvariantCulture)))} | {best.Average():P2} | {seconds / 60:F1} |"));
        }
    }
}
