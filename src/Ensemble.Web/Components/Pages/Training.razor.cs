using System.Globalization;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Jobs;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Training.Optimizers;
using Ensemble.Training.Training;
using Ensemble.Web.Training;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// Starts training jobs and watches them: live running loss and accuracy while a job trains, per-epoch curves
/// once it is done, and the queue and history with final accuracies. Jobs run on the training worker; this page
/// polls their stored state and live progress.
/// </summary>
public partial class Training
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _disposed = new();

    [Inject]
    private Web.Security.DashboardAccess Access { get; set; } = null!;

    private bool CanChange { get; set; } = true;

    [Inject]
    private TrainingJobService Jobs { get; set; } = null!;

    [Inject]
    private TrainingQueue Queue { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    private JobForm Form { get; } = new();

    private TrainingJobRecord? Current { get; set; }

    private TrainingProgress? Progress { get; set; }

    private IReadOnlyList<TrainingJobRecord> History { get; set; } = [];

    private List<ChartSeries<double>> LossSeries { get; set; } = [];

    private List<ChartSeries<double>> AccuracySeries { get; set; } = [];

    private string[] ChartLabels { get; set; } = [];

    private int ChartPoints { get; set; }

    private bool LiveCurve => Progress is not null;

    private double ProgressPercent =>
        Current is null ? 0
        : Current.Status == TrainingStatus.Completed ? 100
        : Progress is { } p ? 100.0 * ((p.Epoch - 1) * p.Batches + p.Batch) / (p.Epochs * p.Batches)
        : 100.0 * Current.Epochs.Count / Current.Options.Epochs;

    private string StatusLine => Current switch
    {
        null => "",
        { Status: TrainingStatus.Running } when Progress is { } p => string.Create(CultureInfo.InvariantCulture,
            $"Epoch {p.Epoch}/{p.Epochs} · batch {p.Batch}/{p.Batches} · {p.ImagesPerSecond:N0} images/s · loss {p.RunningLoss:F4} · accuracy {p.RunningAccuracy:P2} · ETA {p.Remaining:hh\\:mm\\:ss}"),
        { Status: TrainingStatus.Completed } j => string.Create(CultureInfo.InvariantCulture,
            $"Registered {j.ModelName}: validation {j.ValidationAccuracy:P2}, test {j.TestAccuracy:P2}, {j.TrainingSeconds:F0} s on {j.Threads} thread(s), {j.Parameters:N0} parameters"),
        var j => $"{j.Epochs.Count} of {j.Options.Epochs} epochs done",
    };

    protected override async Task OnInitializedAsync()
    {
        CanChange = await Access.CanChangeAsync();
        History = await Jobs.ListAsync();
        if (History.FirstOrDefault() is { } latest)
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
            var request = new TrainingJobRequest(string.IsNullOrWhiteSpace(Form.Name) ? null : Form.Name.Trim(), Form.Architecture, Form.Width, Form.Epochs, Form.BatchSize,
                Form.Optimizer, Form.LearningRate, Form.Cosine, Form.WarmupEpochs, Form.WeightDecay, Form.Augment, Form.Seed, Form.Limit);
            var job = await Jobs.CreateAsync(request);
            await Queue.EnqueueJobAsync(job.Id);
            Snackbar.Add($"Job {job.Id} queued.", Severity.Info);
            await SelectAsync(job.Id);
        }
        catch (Exception e) when (ActionError.IsRefusal(e))
        {
            Snackbar.Add(ActionError.Message(e), Severity.Error);
        }
    }

    private async Task SelectAsync(int id)
    {
        Current = await Jobs.GetAsync(id);
        await RefreshAsync();
    }

    private async Task CancelAsync()
    {
        if (!await Access.AllowChangeAsync())
        {
            return;
        }

        if (Current is not null && !await Jobs.CancelAsync(Current.Id))
        {
            Snackbar.Add($"Job {Current.Id} is no longer running.", Severity.Warning);
        }
    }

    private async Task ResumeAsync()
    {
        if (!await Access.AllowChangeAsync())
        {
            return;
        }

        try
        {
            await Jobs.ResumeAsync(Current!.Id);
            await Queue.EnqueueJobAsync(Current.Id);
            Snackbar.Add($"Job {Current.Id} queued to resume from its last checkpoint.", Severity.Info);
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
                if (Current is { Status: TrainingStatus.Queued or TrainingStatus.Running } || History.Any(j => j.Status is TrainingStatus.Queued or TrainingStatus.Running))
                {
                    await InvokeAsync(async () =>
                    {
                        if (Current is not null)
                        {
                            Current = await Jobs.GetAsync(Current.Id);
                        }

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
        History = await Jobs.ListAsync();
        if (Current is null)
        {
            return;
        }

        Progress = Current.Status == TrainingStatus.Running ? Jobs.Progress(Current.Id) : null;
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
            var epochs = Current.Epochs;
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
    }

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "—";

    private static Color StatusColor(TrainingStatus status) => TrainingStatusColors.For(status);

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        _disposed.Dispose();
    }

    /// <summary>The form's fields, starting from the trainer's recipe for the committed models.</summary>
    private sealed class JobForm
    {
        private static readonly TrainingOptions Defaults = new();

        public string? Name { get; set; }

        public string Architecture { get; set; } = Defaults.Architecture;

        public float Width { get; set; } = Defaults.Width;

        public int Epochs { get; set; } = Defaults.Epochs;

        public int BatchSize { get; set; } = Defaults.BatchSize;

        public OptimizerKind Optimizer { get; set; } = Defaults.Optimizer;

        public float LearningRate { get; set; } = Defaults.LearningRate;

        public float WeightDecay { get; set; } = Defaults.WeightDecay;

        public bool Cosine { get; set; } = Defaults.Cosine;

        public int WarmupEpochs { get; set; } = Defaults.WarmupEpochs;

        public bool Augment { get; set; } = Defaults.Augment;

        public int Seed { get; set; } = Defaults.Seed;

        public int? Limit { get; set; }
    }
}
