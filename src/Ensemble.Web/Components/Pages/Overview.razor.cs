using System.Globalization;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Scoring;
using Ensemble.Core.Versions;
using Ensemble.Tasks;
using Microsoft.AspNetCore.Components;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// One task: its input and classes, its models with their adapters (and every problem found), its active
/// ensembles, and how they compare with the best single model on validation and test.
/// </summary>
public partial class Overview : IDisposable
{
    [Inject]
    private EnsembleStore Ensembles { get; set; } = null!;

    [Inject]
    private EnsembleEvaluator Evaluator { get; set; } = null!;

    [Inject]
    private MemberScores Scores { get; set; } = null!;

    [Inject]
    private MemberTimings Timings { get; set; } = null!;

    private IReadOnlyList<RegisteredModel> Models => [.. Registry.Models.Where(m => m.TaskName == TaskName)];

    /// <summary>Tasks that cannot be used, and files outside any task, so nobody wonders where they went.</summary>
    private IReadOnlyList<string> RepositoryProblems =>
    [
        .. Registry.Tasks.Where(t => !t.IsUsable).Select(t => $"Task '{t.Name}' cannot be used: {string.Join(" ", t.Problems)}"),
        .. Registry.Models.Where(m => m.Task is null).Select(m => $"{m.Name}.onnx: {m.Error}"),
    ];

    private IReadOnlyList<ComparisonRow>? Rows { get; set; }

    /// <summary>Active versions whose member files changed since they were saved, with those members.</summary>
    private IEnumerable<(EnsembleSpec Spec, IReadOnlyList<string> Changed)> NeedReview =>
        Ensembles.ActiveIn(TaskName).Select(s => (s, EnsembleReview.ChangedMembers(s, Registry))).Where(p => p.Item2.Count > 0);

    // A model added, replaced or dropped, or timed, under the running app shows in the tables at once.
    protected override void OnInitialized()
    {
        Registry.Reloaded += OnReloaded;
        Timings.Measured += OnReloaded;
    }

    protected override async Task OnTaskChangedAsync()
    {
        Rows = null;
        // The first scoring runs every model over the task's splits: not while prerendering, which would hold back
        // the whole response, and off the render thread once interactive, where the progress bar shows meanwhile.
        if (RendererInfo.IsInteractive && SelectedTask is { } task)
        {
            Rows = await Task.Run(() => Compare(task.Name));
        }
    }

    private void OnReloaded() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Registry.Reloaded -= OnReloaded;
        Timings.Measured -= OnReloaded;
    }

    private List<ComparisonRow> Compare(string task)
    {
        var rows = new List<ComparisonRow>();
        var served = Registry.FindTask(task);
        if (served?.ValidationSamples is null || served.TestSamples is null)
        {
            return rows;
        }

        var byDefault = Ensembles.DefaultName(task);
        foreach (var spec in Ensembles.ActiveIn(task))
        {
            if (EnsembleReview.ChangedMembers(spec, Registry).Count == 0)
            {
                var weights = string.Join(", ", spec.Members.Select(m => $"{m.Model} {m.Weight.ToString("F2", CultureInfo.InvariantCulture)}"));
                var runs = EnsembleSpec.Running(spec.Method, spec.Members).Select(m => m.Model).ToList();
                rows.Add(new ComparisonRow(spec.Name, $"v{spec.Version}", weights, runs, EnsembleCost.MegaFlops(spec, Registry), Evaluator.Evaluate(spec, "validation"), Evaluator.Evaluate(spec, "test"))
                {
                    Default = spec.Name == byDefault,
                });
            }
        }

        var loaded = Registry.LoadedIn(task).Select(m => m.Name).ToList();
        if (loaded.Count > 0)
        {
            var (model, validation, test) = Evaluator.BestSingle(loaded);
            rows.Add(new ComparisonRow($"best single ({model})", "", $"{model} 1.00", [model], Registry.Find(model)?.MegaFlops, validation, test));
        }

        return rows;
    }

    private static string Adapter(RegisteredModel model) => model.Adapter is not { } a ? "—"
        : $"{a.Layout.ToString().ToUpperInvariant()}{(a.Mean is not null || a.Std is not null || a.Scale != 1 ? ", normalized" : "")}{(a.ClassOrder is not null ? ", reordered" : "")}{(a.FixedBatch ? ", batch 1" : "")}";

    private static string Kind(RegisteredModel model) => model.Adapter is not { } a ? "—"
        : $"{a.OutputKind.ToString().ToLowerInvariant()}{(a.OutputKindDetected ? " (probed)" : "")}";

    private static string MegaFlops(double? value) => value?.ToString("N1", CultureInfo.InvariantCulture) ?? "—";

    private static string InputShape(TaskDefinition task) => task.Kind == TaskKind.Image
        ? $"{task.Input} images ({task.Image.Fit.ToString().ToLowerInvariant()} on a {task.Image.Background.ToString().ToLowerInvariant()} ground)"
        : $"{task.Input}{(task.Input.Names is { } names ? ": " + string.Join(", ", names) : "")}";

    private static string Milliseconds(MemberTiming? timing) => timing is { } t
        ? string.Create(CultureInfo.InvariantCulture, $"{t.Batch1:0.###} / {t.Batch32:0.###}")
        : "—";

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "—";

    // Runs: the members a prediction runs, whose measured times may arrive after the row is made.
    private sealed record ComparisonRow(string Name, string Version, string Weights, IReadOnlyList<string> Runs, double? MegaFlops, Score Validation, Score Test)
    {
        /// <summary>Whether this ensemble serves the requests that name none.</summary>
        public bool Default { get; init; }
    }
}
