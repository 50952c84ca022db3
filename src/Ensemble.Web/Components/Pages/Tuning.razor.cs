using System.Globalization;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Tuning;
using Ensemble.Web.Studies;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// Starts studies and watches them: progress with trials/s and ETA, score per trial with the best so far, the top
/// trials, the result beside uniform and the best single model, and apply. The study itself runs in the background
/// worker; this page only polls its stored state.
/// </summary>
public partial class Tuning
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private const int ChartTrials = 200;
    private readonly CancellationTokenSource _disposed = new();

    [Inject]
    private Web.Security.DashboardAccess Access { get; set; } = null!;

    private bool CanChange { get; set; } = true;

    [Inject]
    private EnsembleStore Ensembles { get; set; } = null!;

    [Inject]
    private StudyService StudyService { get; set; } = null!;

    [Inject]
    private StudyQueue Queue { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    private StudyForm Form { get; } = new();

    private StudyRecord? Current { get; set; }

    private StudyProgress? Progress { get; set; }

    private IReadOnlyList<StudyRecord> Studies { get; set; } = [];

    private List<ChartSeries<double>> Series { get; set; } = [];

    private string[] Labels { get; set; } = [];

    private List<TrialRow> TopTrials { get; set; } = [];

    private double ProgressPercent =>
        Current is null ? 0
        : Current.Status == StudyStatus.Completed ? 100
        : Progress?.Expected is > 0 ? 100.0 * Progress.Done / Progress.Expected.Value : 0;

    protected override async Task OnInitializedAsync()
    {
        CanChange = await Access.CanChangeAsync();
        Studies = await StudyService.ListAsync();
        if (Studies.FirstOrDefault() is { } latest)
        {
            await SelectAsync(latest.Id);
        }

        _ = PollAsync();
    }

    private async Task StartAsync()
    {
        if (!await Access.AllowChangeAsync())
        {
            return;
        }

        try
        {
            var request = new StudyRequest(Form.Ensemble, Form.Strategy, Form.Objective, Form.Budget, Form.Seed, Form.Folds, null, Form.Alpha);
            var study = await StudyService.CreateAsync(request);
            await Queue.EnqueueAsync(study.Id);
            Snackbar.Add($"Study {study.Id} queued.", Severity.Info);
            await SelectAsync(study.Id);
        }
        catch (Exception e) when (ActionError.IsRefusal(e))
        {
            Snackbar.Add(ActionError.Message(e), Severity.Error);
        }
    }

    private async Task SelectAsync(int id)
    {
        Current = await StudyService.GetAsync(id);
        await RefreshAsync();
    }

    private async Task CancelAsync()
    {
        if (!await Access.AllowChangeAsync())
        {
            return;
        }

        if (Current is not null)
        {
            await StudyService.CancelAsync(Current.Id);
        }
    }

    private async Task ApplyAsync()
    {
        if (!await Access.AllowChangeAsync())
        {
            return;
        }

        try
        {
            var version = await StudyService.ApplyAsync(Current!.Id);
            Snackbar.Add($"{version.Name} v{version.Version} is active with the study's weights.", Severity.Success);
            await SelectAsync(Current.Id);
        }
        catch (Exception e) when (ActionError.IsRefusal(e))
        {
            Snackbar.Add(ActionError.Message(e), Severity.Error);
        }
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                if (Current is { Status: StudyStatus.Queued or StudyStatus.Running })
                {
                    await InvokeAsync(async () =>
                    {
                        Current = await StudyService.GetAsync(Current.Id);
                        await RefreshAsync();
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    private async Task RefreshAsync()
    {
        if (Current is null)
        {
            return;
        }

        Progress = StudyService.Progress(Current.Id);
        Studies = await StudyService.ListAsync();
        var (trials, _) = await StudyService.TrialsAsync(Current.Id, 0, ChartTrials);
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

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "—";

    private static string Weights(StudyRecord study) =>
        study.Weights is null ? "" : string.Join(", ", study.Members.Select((m, i) => $"{StudyMembers.Name(m)} {study.Weights[i].ToString("F3", CultureInfo.InvariantCulture)}"));

    private static Color StatusColor(StudyStatus status) => status switch
    {
        StudyStatus.Completed => Color.Success,
        StudyStatus.Running or StudyStatus.Queued => Color.Info,
        StudyStatus.Cancelled or StudyStatus.Interrupted => Color.Warning,
        _ => Color.Error,
    };

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        _disposed.Dispose();
    }

    private sealed class StudyForm
    {
        public string Ensemble { get; set; } = EnsembleStore.Uniform;

        public StrategyKind Strategy { get; set; } = StrategyKind.RandomSearch;

        public Objective Objective { get; set; } = Objective.Accuracy;

        public int Budget { get; set; } = 500;

        public int Seed { get; set; } = 1;

        public int Folds { get; set; } = 5;

        public double Alpha { get; set; } = 1.0;
    }

    private sealed record TrialRow(int Fold, int Number, string Weights, double Fit, double HeldOut);
}
