using System.Globalization;
using Ensemble.Core.Calibration;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Runs;
using Ensemble.Core.Scoring;
using Ensemble.Core.Studies;
using Ensemble.Core.Tuning;
using Ensemble.Core.Versions;
using Ensemble.Web.Components.Charts;
using Ensemble.Web.Endpoints.Studies;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// Starts studies and watches them: progress with trials/s and ETA, score per trial with the best so far, the top
/// trials, the result beside uniform and the best single model, and apply. The study runs on the engine's tuning
/// lane; this page re-reads it whenever the engine reports a change.
/// </summary>
public partial class Tuning
{
    private const int ChartTrials = 200;

    [Inject]
    private EnsembleStore Ensembles { get; set; } = null!;

    [Inject]
    private StudyService StudyService { get; set; } = null!;

    private StudyForm Form { get; } = new();

    private StudyProgress? Progress => Current?.Progress;

    private List<ChartSeries<double>> Series { get; set; } = [];

    private string[] Labels { get; set; } = [];

    private List<TrialRow> TopTrials { get; set; } = [];

    private double ProgressPercent =>
        Current is null ? 0
        : Current.Status == RunStatus.Completed ? 100
        : Progress?.Expected is > 0 ? 100.0 * Progress.Done / Progress.Expected.Value : 0;

    protected override IReadOnlyList<RunKind> Kinds => [RunKind.Study];

    protected override Task OnTaskChangedAsync()
    {
        Form.Ensemble = EnsembleStore.UniformName(TaskName);
        return base.OnTaskChangedAsync();
    }

    private Task StartAsync() => Action.RunAsync(async () =>
    {
        var study = await StudyService.QueueAsync(new StudyRequest(Form.Ensemble, Form.Strategy, Form.Objective, Form.Budget, Form.Seed, Form.Folds, null, Form.Alpha, Calibrate: Form.Calibrate,
            Limit: Form.LimitMflop is { } mflop ? new CostLimit(Mflop: mflop) : null));
        Snackbar.Add($"Study {study.Id} queued.", Severity.Info);
        await SelectAsync(study.Id);
    });

    private Task CancelAsync() => Action.RunAsync(() => StudyService.CancelAsync(Current!.Id));

    private Task ApplyAsync() => Action.RunAsync(async () =>
    {
        var version = await StudyService.ApplyAsync(Current!.Id);
        Snackbar.Add($"{version.Name} v{version.Version} is active with the study's weights.", Severity.Success);
        await SelectAsync(Current.Id);
    });

    private Task ApplyPointAsync(int point) => Action.RunAsync(async () =>
    {
        var version = await StudyService.ApplyAsync(Current!.Id, default, point);
        Snackbar.Add($"{version.Name} v{version.Version} is active with point {point} of the study's front.", Severity.Success);
        await SelectAsync(Current.Id);
    });

    // The task's studies: those of its ensembles.
    protected override async Task<IReadOnlyList<StudyResponse>> ListAsync() =>
        [.. (await StudyService.ListAsync()).Where(s => Ensembles.Active(s.Ensemble)?.Task == TaskName).Select(s => StudyResponse.From(s, StudyService.Progress(s.Id)))];

    protected override async Task<StudyResponse?> GetAsync(int id) =>
        await StudyService.GetAsync(id) is { } study ? StudyResponse.From(study, StudyService.Progress(id)) : null;

    protected override int IdOf(StudyResponse run) => run.Id;

    // The first fold's trials as a chart (fit, held out, best so far) and the best trials as a table.
    protected override async Task ShowAsync(StudyResponse current)
    {
        var (trials, _) = await StudyService.TrialsAsync(current.Id, 0, ChartTrials);
        var fold = trials.Where(t => t.Fold == 1).ToList();
        var best = double.MinValue;
        Series =
        [
            new ChartSeries<double> { Name = "fit", Data = fold.Select(t => t.FitAccuracy * 100).ToArray() },
            new ChartSeries<double> { Name = "held out", Data = fold.Select(t => t.HeldOutAccuracy * 100).ToArray() },
            new ChartSeries<double> { Name = "best fit so far", Data = fold.Select(t => best = Math.Max(best, t.FitAccuracy * 100)).ToArray() },
        ];
        Labels = [.. fold.Select(t => t.Number % 25 == 0 ? t.Number.ToString(CultureInfo.InvariantCulture) : "")];
        TopTrials = [.. trials.OrderByDescending(t => t.FitAccuracy).ThenBy(t => t.FitLogLoss).Take(20)
            .Select(t => new TrialRow(t.Fold, t.Number, string.Join(" / ", t.Weights.Select(w => w.ToString("F3", CultureInfo.InvariantCulture))), t.FitAccuracy, t.HeldOutAccuracy))];
    }

    private static (string Label, CalibrationReport Report)[] Effect(StudyCalibration c) =>
        [("held-out, before", c.HeldOutBefore), ("held-out, after", c.HeldOutAfter), ("test, before", c.TestBefore), ("test, after", c.TestAfter)];

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "—";

    private static string Nats(double gap) => gap.ToString("0.0e0", CultureInfo.InvariantCulture);

    private static string Weights(StudySettings settings, StudyResults results) =>
        string.Join(", ", settings.Members.Select((m, i) => $"{m.Model} {results.Weights[i].ToString("F3", CultureInfo.InvariantCulture)}"));

    // The members a point runs, with their weights.
    private static string Weights(StudySettings settings, float[] weights) =>
        string.Join(", ", settings.Members.Select((m, i) => (m.Model, Weight: weights[i])).Where(m => m.Weight > 0).Select(m => $"{m.Model} {m.Weight.ToString("F2", CultureInfo.InvariantCulture)}"));

    // The front in blue, and for reference the study's pick, the uniform ensemble and the best single member.
    private IReadOnlyList<ScatterPoint> FrontPoints(StudySettings settings, IReadOnlyList<ParetoPoint> front, StudyResults results, StudyBaselines baselines)
    {
        var points = front.Select(p => new ScatterPoint(p.Mflop, p.HeldOut.Accuracy * 100, "#1976d2", false, $"{p.Mflop:N1} MFLOP, {p.HeldOut.Accuracy:P2} held out")).ToList();
        if (EnsembleCost.MegaFlops(Weighted(settings, results), Registry) is { } pick)
        {
            points.Add(new ScatterPoint(pick, results.HeldOut.Accuracy * 100, "#d32f2f", false, $"this study's pick: {pick:N1} MFLOP, {results.HeldOut.Accuracy:P2} held out"));
        }

        if (EnsembleCost.MegaFlops(Names(settings), Registry) is { } uniform)
        {
            points.Add(new ScatterPoint(uniform, baselines.Uniform.HeldOutAccuracy * 100, "#757575", true, $"uniform: {uniform:N1} MFLOP, {baselines.Uniform.HeldOutAccuracy:P2} held out"));
        }

        if (Registry.Find(baselines.BestSingle.Model)?.MegaFlops is { } single)
        {
            points.Add(new ScatterPoint(single, baselines.BestSingle.HeldOutAccuracy * 100, "#f57c00", true, $"best single ({baselines.BestSingle.Model}): {single:N1} MFLOP, {baselines.BestSingle.HeldOutAccuracy:P2} held out"));
        }

        return points;
    }

    private static IReadOnlyCollection<string> Names(StudySettings settings) => [.. settings.Members.Select(m => m.Model)];

    // What the applied weights would serve at: the members serving runs for them.
    private static IReadOnlyCollection<string> Weighted(StudySettings settings, StudyResults results) =>
        [.. EnsembleSpec.Running(EnsembleMethod.WeightedAverage, settings.Members.Select((m, i) => new EnsembleMember(m.Model, m.Sha256, results.Weights[i]))).Select(m => m.Model)];

    // Blank when a member has no count (a graph whose work sits in ops the count cannot see into).
    private string Cost(IReadOnlyCollection<string> members) =>
        members.Count > 0 && EnsembleCost.MegaFlops(members, Registry) is { } cost ? cost.ToString("N1", CultureInfo.InvariantCulture) : "—";

    private static Color StatusColor(RunStatus status) => RunStatusColors.For(status);

    private sealed class StudyForm
    {
        public string Ensemble { get; set; } = "";

        public StrategyKind Strategy { get; set; } = StrategyKind.RandomSearch;

        public Objective Objective { get; set; } = Objective.Accuracy;

        public int Budget { get; set; } = 500;

        public int Seed { get; set; } = 1;

        public int Folds { get; set; } = 5;

        public double Alpha { get; set; } = 1.0;

        public bool Calibrate { get; set; } = true;

        public double? LimitMflop { get; set; }
    }

    private sealed record TrialRow(int Fold, int Number, string Weights, double Fit, double HeldOut);
}
