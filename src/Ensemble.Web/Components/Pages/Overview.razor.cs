using System.Globalization;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Tuning;
using Microsoft.AspNetCore.Components;

namespace Ensemble.Web.Components.Pages;

/// <summary>Every model, every active ensemble, and how they compare with the best single model on validation and test.</summary>
public partial class Overview : IDisposable
{
    [Inject]
    private ModelRegistry Registry { get; set; } = null!;

    [Inject]
    private EnsembleStore Ensembles { get; set; } = null!;

    [Inject]
    private EnsembleEvaluator Evaluator { get; set; } = null!;

    private IReadOnlyList<RegisteredModel> Models => Registry.Models;

    private IReadOnlyList<ComparisonRow>? Rows { get; set; }

    /// <summary>Active versions whose member files changed since they were saved, with those members.</summary>
    private IEnumerable<(EnsembleSpec Spec, IReadOnlyList<string> Changed)> NeedReview =>
        Ensembles.AllActive().Select(s => (s, EnsembleReview.ChangedMembers(s, Registry))).Where(p => p.Item2.Count > 0);

    protected override async Task OnInitializedAsync()
    {
        // A model added, replaced or dropped under the running app shows in the table at once.
        Registry.Reloaded += OnReloaded;
        // The first scoring runs every model over 15,000 images: not while prerendering, which would hold back the
        // whole response, and off the render thread once interactive, where the progress bar shows meanwhile.
        if (RendererInfo.IsInteractive)
        {
            Rows = await Task.Run(Compare);
        }
    }

    private void OnReloaded() => _ = InvokeAsync(StateHasChanged);

    public void Dispose() => Registry.Reloaded -= OnReloaded;

    private List<ComparisonRow> Compare()
    {
        var rows = new List<ComparisonRow>();
        foreach (var spec in Ensembles.AllActive())
        {
            if (EnsembleReview.ChangedMembers(spec, Registry).Count == 0)
            {
                var weights = string.Join(", ", spec.Members.Select(m => $"{m.Model} {m.Weight.ToString("F2", CultureInfo.InvariantCulture)}"));
                rows.Add(new ComparisonRow(spec.Name, $"v{spec.Version}", weights, Evaluator.Evaluate(spec, "validation"), Evaluator.Evaluate(spec, "test")));
            }
        }

        var loaded = Registry.Loaded.Select(m => m.Name).ToList();
        if (loaded.Count > 0)
        {
            var (model, validation, test) = Evaluator.BestSingle(loaded);
            rows.Add(new ComparisonRow($"best single ({model})", "", $"{model} 1.00", validation, test));
        }

        return rows;
    }

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "—";

    private sealed record ComparisonRow(string Name, string Version, string Weights, Score Validation, Score Test);
}
