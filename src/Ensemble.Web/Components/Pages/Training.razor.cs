using System.Globalization;
using Ensemble.Core.Runs;
using Ensemble.Core.TrainingJobs;
using Ensemble.Web.Endpoints.Training;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// Starts training jobs and watches them: live running loss and accuracy while a job trains, per-epoch curves
/// once it is done, and the queue and history with final accuracies. Jobs run on the engine's training lane; this
/// page re-reads them whenever the engine reports a change.
/// </summary>
public partial class Training
{
    [Inject]
    private TrainingJobService Jobs { get; set; } = null!;

    // The form edits a request, which starts from the trainer's recipe for the committed models.
    private TrainingJobRequest Form { get; set; } = new();

    private TrainingProgress? Progress => Current is { Status: RunStatus.Running } ? Current.Progress : null;

    private List<ChartSeries<double>> LossSeries { get; set; } = [];

    private List<ChartSeries<double>> AccuracySeries { get; set; } = [];

    private string[] ChartLabels { get; set; } = [];

    private int ChartPoints { get; set; }

    private bool LiveCurve => Progress is not null;

    private double ProgressPercent =>
        Current is null ? 0
        : Current.Status == RunStatus.Completed ? 100
        : Progress is { } p ? 100.0 * ((p.Epoch - 1) * p.Batches + p.Batch) / (p.Epochs * p.Batches)
        : 100.0 * Current.Results.Epochs.Count / Current.Settings.Options.Epochs;

    private string StatusLine => Current switch
    {
        null => "",
        { Status: RunStatus.Running } when Progress is { } p => string.Create(CultureInfo.InvariantCulture,
            $"Epoch {p.Epoch}/{p.Epochs} · batch {p.Batch}/{p.Batches} · {p.ImagesPerSecond:N0} images/s · loss {p.RunningLoss:F4} · accuracy {p.RunningAccuracy:P2} · ETA {p.Remaining:hh\\:mm\\:ss}"),
        { Status: RunStatus.Completed, Results: var r } => string.Create(CultureInfo.InvariantCulture,
            $"Registered {r.Model?.Name}: validation {r.Validation?.Accuracy:P2}, test {r.Test?.Accuracy:P2}, {r.TrainingSeconds:F0} s on {r.Threads} thread(s), {r.Parameters:N0} parameters"),
        var j => $"{j.Results.Epochs.Count} of {j.Settings.Options.Epochs} epochs done",
    };

    protected override IReadOnlyList<RunKind> Kinds => [RunKind.TrainingJob];

    private Task StartAsync() => Action.RunAsync(async () =>
    {
        var job = await Jobs.QueueAsync(Form with { Name = string.IsNullOrWhiteSpace(Form.Name) ? null : Form.Name.Trim(), Task = TaskName });
        Snackbar.Add($"Job {job.Id} queued.", Severity.Info);
        await SelectAsync(job.Id);
    });

    private Task CancelAsync() => Action.RunAsync(() => Jobs.CancelAsync(Current!.Id));

    private Task ResumeAsync() => Action.RunAsync(async () =>
    {
        await Jobs.ResumeAsync(Current!.Id);
        Snackbar.Add($"Job {Current.Id} queued to resume from its last checkpoint.", Severity.Info);
        await SelectAsync(Current.Id);
    });

    protected override async Task<IReadOnlyList<TrainingJobResponse>> ListAsync() =>
        [.. (await Jobs.ListAsync()).Select(j => TrainingJobResponse.From(j, Jobs.Progress(j.Id)))];

    protected override async Task<TrainingJobResponse?> GetAsync(int id) =>
        await Jobs.GetAsync(id) is { } job ? TrainingJobResponse.From(job, Jobs.Progress(id)) : null;

    protected override int IdOf(TrainingJobResponse run) => run.Id;

    // The running curve while the job trains; the per-epoch curves once it has epochs and no live progress.
    protected override Task ShowAsync(TrainingJobResponse current)
    {
        if (Progress is { Curve.Count: > 0 } live)
        {
            var curve = live.Curve;
            LossSeries = [new ChartSeries<double> { Name = "running loss", Data = curve.Select(c => c.Loss).ToArray() }];
            AccuracySeries = [new ChartSeries<double> { Name = "running accuracy", Data = curve.Select(c => c.Accuracy * 100).ToArray() }];
            ChartLabels = [.. curve.Select((c, i) => i == 0 || Math.Floor(c.Epoch) != Math.Floor(curve[i - 1].Epoch) ? c.Epoch.ToString("F1", CultureInfo.InvariantCulture) : "")];
            ChartPoints = curve.Count;
        }
        else
        {
            var epochs = current.Results.Epochs;
            LossSeries =
            [
                new ChartSeries<double> { Name = "training", Data = epochs.Select(e => e.TrainLoss).ToArray() },
                new ChartSeries<double> { Name = "validation", Data = epochs.Select(e => e.ValidationLoss).ToArray() },
            ];
            AccuracySeries =
            [
                new ChartSeries<double> { Name = "training", Data = epochs.Select(e => e.TrainAccuracy * 100).ToArray() },
                new ChartSeries<double> { Name = "validation", Data = epochs.Select(e => e.ValidationAccuracy * 100).ToArray() },
            ];
            ChartLabels = [.. epochs.Select(e => e.Epoch.ToString(CultureInfo.InvariantCulture))];
            ChartPoints = epochs.Count;
        }

        return Task.CompletedTask;
    }

    // What it trains on, or before it starts, what it asked for.
    private static string TrainImages(TrainingJobResponse job) =>
        job.Results.TrainImages > 0 ? job.Results.TrainImages.ToString("N0", CultureInfo.InvariantCulture)
        : job.Settings.Options.Limit?.ToString("N0", CultureInfo.InvariantCulture) ?? "all";

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "—";

    private static Color StatusColor(RunStatus status) => RunStatusColors.For(status);
}
