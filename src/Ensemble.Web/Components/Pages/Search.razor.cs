using System.Globalization;
using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Hyperparameters.Sampling;
using Ensemble.Core.Runs;
using Ensemble.Core.Searches;
using Ensemble.Core.Searches.Analysis;
using Ensemble.Core.TrainingJobs;
using Ensemble.Training.Optimizers;
using Ensemble.Web.Components.Charts;
using Ensemble.Web.Endpoints.Training;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// Defines a hyperparameter search (space, sampler and budget, with the rungs it implies), then watches it: one
/// validation curve per trial with the stopped ones greyed, hyperparameters against the score, why a trial won
/// (optimization history, parallel coordinates, importance), every trial with why it stopped, and promoting the
/// best configuration to a full training job.
/// </summary>
public partial class Search
{
    private static readonly string[] Palette = ["#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#e53935", "#00897b", "#3949ab", "#c0ca33"];
    private static readonly Dictionary<string, string> ArchitectureColors = new()
    {
        ["residual"] = "#1e88e5",
        ["separable"] = "#43a047",
        ["vgg"] = "#fb8c00",
        ["mlp"] = "#8e24aa",
    };

    private const string Stopped = "#9e9e9e66";

    [Inject]
    private SearchService Service { get; set; } = null!;

    [Inject]
    private TrainingJobService Jobs { get; set; } = null!;

    private SearchForm Form { get; } = new();

    private SearchProgress? Progress => Current?.Progress;

    private IReadOnlyList<SearchTrialResponse> Trials => Current?.Trials ?? [];

    private List<ChartSeries<double>> CurveSeries { get; set; } = [];

    private string[] CurveLabels { get; set; } = [];

    private LineChartOptions CurveOptions { get; set; } = new();

    private string ScatterAxis { get; set; } = "learning rate";

    private bool ScatterLog => ScatterAxis != "width";

    private int PromoteEpochs { get; set; } = SearchService.DefaultFullEpochs;

    /// <summary>Why a trial won, for the search shown.</summary>
    private SearchAnalysis? Analysis { get; set; }

    private List<ChartSeries<double>> HistorySeries { get; set; } = [];

    private string[] HistoryLabels { get; set; } = [];

    private IReadOnlyList<ScatterPoint> ScatterPoints => [.. Trials.Where(t => t.ValidationAccuracy is not null).Select(t => new ScatterPoint(
        ScatterAxis switch { "width" => t.Configuration.Width, "weight decay" => Math.Max(t.Configuration.WeightDecay, 1e-7), _ => t.Configuration.LearningRate },
        t.ValidationAccuracy!.Value * 100,
        ArchitectureColors.GetValueOrDefault(t.Configuration.Architecture, "#607d8b"),
        t.Outcome is not (TrialOutcome.Completed or TrialOutcome.Running),
        $"trial {t.Number}: {t.Configuration.Architecture} ×{t.Configuration.Width:0.##}, lr {t.Configuration.LearningRate:G3}, decay {t.Configuration.WeightDecay:G3}, {t.ValidationAccuracy:P2} after {t.Curve.Count} epoch(s), {t.Outcome}"))];

    private string Plan
    {
        get
        {
            var budget = Form.ToBudget();
            if (budget.Problem() is { } problem)
            {
                return problem;
            }

            var brackets = HalvingSchedule.Brackets(budget);
            var rungs = string.Join("; ", brackets.Select(b => string.Join(" → ", b.Rungs.Select(r => $"{r.Trials}×{r.Epochs}"))));
            return $"Trials × epochs per rung: {rungs}. {HalvingSchedule.PlannedEpochs(brackets):N0} epochs of {budget.TrainImages:N0} images in all.";
        }
    }

    private string StatusLine => Current switch
    {
        null => "",
        { Status: RunStatus.Running } s when Progress is { } p => string.Create(CultureInfo.InvariantCulture,
            $"{s.Results.EpochsDone} of {s.Settings.EpochsPlanned} epochs · bracket {p.Bracket + 1}, rung {p.Rung + 1}: trial {p.Trial}, epoch {p.Epoch} of {p.TargetEpochs}, batch {p.Batch}/{p.Batches}{(p.Remaining is { } r ? $" · ETA {r:hh\\:mm\\:ss}" : "")}"),
        { Results.Best: { } best } s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Results.EpochsDone} of {s.Settings.EpochsPlanned} epochs in {s.Results.Seconds:F0} s · best: trial {best.Trial} with {best.ValidationAccuracy:P2} validation accuracy"),
        var s => $"{s.Results.EpochsDone} of {s.Settings.EpochsPlanned} epochs",
    };

    // A promoted job runs on the training lane too; its state shows here as the search's promotion.
    protected override IReadOnlyList<RunKind> Kinds => [RunKind.Search, RunKind.TrainingJob];

    private Task StartAsync() => Action.RunAsync(async () =>
    {
        var search = await Service.QueueAsync(new SearchRequest(Form.ToSpace(), Form.ToBudget(), TaskName));
        Snackbar.Add($"Search {search.Id} queued.", Severity.Info);
        await SelectAsync(search.Id);
    });

    private Task CancelAsync() => Action.RunAsync(() => Service.CancelAsync(Current!.Id));

    private Task ResumeAsync() => Action.RunAsync(async () =>
    {
        await Service.ResumeAsync(Current!.Id);
        Snackbar.Add($"Search {Current.Id} queued to resume where it stopped.", Severity.Info);
        await SelectAsync(Current.Id);
    });

    private Task PromoteAsync() => Action.RunAsync(async () =>
    {
        var job = await Service.PromoteAsync(Current!.Id, null, PromoteEpochs, null);
        Snackbar.Add($"Job {job.Id} queued: trial {job.SearchTrial} for {job.Options.Epochs} epochs on the whole training split.", Severity.Success);
        await SelectAsync(Current.Id);
    });

    protected override async Task<IReadOnlyList<SearchResponse>> ListAsync() =>
        [.. (await Service.ListAsync()).Select(s => SearchResponse.From(s, Service.Progress(s.Id), null))];

    protected override async Task<SearchResponse?> GetAsync(int id) =>
        await Service.GetAsync(id) is { } search ? SearchResponse.From(search, Service.Progress(id), await Service.TrialsAsync(id)) : null;

    protected override int IdOf(SearchResponse run) => run.Id;

    // One validation curve per trial, the stopped ones grey.
    protected override Task ShowAsync(SearchResponse current)
    {
        var drawn = Trials.Where(t => t.Curve.Count > 0).ToList();
        CurveSeries = [.. drawn.Select(t => new ChartSeries<double> { Name = $"#{t.Number} {t.Configuration.Architecture}", Data = t.Curve.Select(e => e.ValidationAccuracy * 100).ToArray() })];
        CurveLabels = [.. Enumerable.Range(1, current.Settings.Budget.MaxEpochs).Select(e => e.ToString(CultureInfo.InvariantCulture))];
        CurveOptions = new LineChartOptions
        {
            ChartPalette = [.. drawn.Select((t, i) => t.Outcome is TrialOutcome.Completed or TrialOutcome.Running ? Palette[i % Palette.Length] : Stopped)],
            ShowLegend = drawn.Count <= 12,
        };
        return AnalyzeAsync(current);
    }

    private async Task AnalyzeAsync(SearchResponse current)
    {
        Analysis = await Service.AnalyzeAsync(current.Id);
        HistorySeries =
        [
            new ChartSeries<double> { Name = "trial", Data = Analysis.History.Select(h => h.Score * 100).ToArray() },
            new ChartSeries<double> { Name = "best so far", Data = Analysis.History.Select(h => h.BestSoFar * 100).ToArray() },
        ];
        HistoryLabels = [.. Analysis.History.Select(h => h.Trial.ToString(CultureInfo.InvariantCulture))];
    }

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "—";

    private static Color StatusColor(RunStatus status) => RunStatusColors.For(status);

    private static Color OutcomeColor(TrialOutcome outcome) => outcome switch
    {
        TrialOutcome.Completed => Color.Success,
        TrialOutcome.Running => Color.Info,
        TrialOutcome.Stopped => Color.Default,
        TrialOutcome.Cancelled => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>The form's fields, starting from the default space and budget.</summary>
    private sealed class SearchForm
    {
        private static readonly SearchSpace DefaultSpace = new();
        private static readonly SearchBudget DefaultBudget = new();

        public IReadOnlyCollection<string> Architectures { get; set; } = [.. DefaultSpace.Architectures];

        public double LearningRateMin { get; set; } = DefaultSpace.LearningRateMin;

        public double LearningRateMax { get; set; } = DefaultSpace.LearningRateMax;

        public double WidthMin { get; set; } = DefaultSpace.WidthMin;

        public double WidthMax { get; set; } = DefaultSpace.WidthMax;

        public double WeightDecayMin { get; set; } = DefaultSpace.WeightDecayMin;

        public double WeightDecayMax { get; set; } = DefaultSpace.WeightDecayMax;

        public string Augment { get; set; } = "both";

        public SearchMode Mode { get; set; } = DefaultBudget.Mode;

        public int Trials { get; set; } = DefaultBudget.Trials;

        public int MinEpochs { get; set; } = DefaultBudget.MinEpochs;

        public int MaxEpochs { get; set; } = DefaultBudget.MaxEpochs;

        public int Eta { get; set; } = DefaultBudget.Eta;

        public int TrainImages { get; set; } = DefaultBudget.TrainImages;

        public int ValidationImages { get; set; } = DefaultBudget.ValidationImages;

        public int Seed { get; set; } = DefaultBudget.Seed;

        public SamplerKind Sampler { get; set; } = DefaultBudget.Sampler;

        public int StartupTrials { get; set; } = DefaultBudget.StartupTrials;

        public IReadOnlyCollection<OptimizerKind> Optimizers { get; set; } = [.. DefaultSpace.Optimizers];

        /// <summary>Comma-separated; empty: the budget's batch size.</summary>
        public string? BatchSizes { get; set; }

        public double LabelSmoothingMin { get; set; } = DefaultSpace.LabelSmoothingMin;

        public double LabelSmoothingMax { get; set; } = DefaultSpace.LabelSmoothingMax;

        public double RandomErasingMin { get; set; } = DefaultSpace.RandomErasingMin;

        public double RandomErasingMax { get; set; } = DefaultSpace.RandomErasingMax;

        public double CutMixMin { get; set; } = DefaultSpace.CutMixMin;

        public double CutMixMax { get; set; } = DefaultSpace.CutMixMax;

        public SearchSpace ToSpace() => new()
        {
            Architectures = [.. Architectures],
            LearningRateMin = LearningRateMin,
            LearningRateMax = LearningRateMax,
            WidthMin = WidthMin,
            WidthMax = WidthMax,
            WeightDecayMin = WeightDecayMin,
            WeightDecayMax = WeightDecayMax,
            Augment = Augment switch { "on" => [true], "off" => [false], _ => [true, false] },
            Optimizers = [.. Optimizers],
            // A size that is not a number is left to the space's check, which names the rule.
            BatchSizes = string.IsNullOrWhiteSpace(BatchSizes) ? null
                : [.. BatchSizes.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries).Select(b => int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0)],
            LabelSmoothingMin = LabelSmoothingMin,
            LabelSmoothingMax = LabelSmoothingMax,
            RandomErasingMin = RandomErasingMin,
            RandomErasingMax = RandomErasingMax,
            CutMixMin = CutMixMin,
            CutMixMax = CutMixMax,
        };

        public SearchBudget ToBudget() => new()
        {
            Mode = Mode,
            Trials = Trials,
            MinEpochs = MinEpochs,
            MaxEpochs = MaxEpochs,
            Eta = Eta,
            TrainImages = TrainImages,
            ValidationImages = ValidationImages,
            Seed = Seed,
            Sampler = Sampler,
            StartupTrials = StartupTrials,
        };
    }
}
