using System.Globalization;
using Ensemble.Core.Runs;
using Ensemble.Core.TrainingJobs;
using Ensemble.Training.Fitting;
using Ensemble.Training.Optimizers;
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

    private JobForm Form { get; } = new();

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
        : 100.0 * Current.Epochs.Count / Current.Options.Epochs;

    private string StatusLine => Current switch
    {
        null => "",
        { Status: RunStatus.Running } when Progress is { } p => string.Create(CultureInfo.InvariantCulture,
            $"Epoch {p.Epoch}/{p.Epochs} · batch {p.Batch}/{p.Batches} · {p.ImagesPerSecond:N0} images/s · loss {p.RunningLoss:F4} · accuracy {p.RunningAccuracy:P2} · ETA {p.Remaining:hh\\:mm\\:ss}"),
        { Status: RunStatus.Completed } j => string.Create(CultureInfo.InvariantCulture,
            $"Registered {j.ModelName}: validation {j.ValidationAccuracy:P2}, test {j.TestAccuracy:P2}, {j.TrainingSeconds:F0} s on {j.Threads} thread(s), {j.Parameters:N0} parameters"),
        var j => $"{j.Epochs.Count} of {j.Options.Epochs} epochs done",
    };

    protected override IReadOnlyList<RunKind> Kinds => [RunKind.TrainingJob];

    private Task StartAsync() => Action.RunAsync(async () =>
    {
        var request = new TrainingJobRequest(string.IsNullOrWhiteSpace(Form.Name) ? null : Form.Name.Trim(), Form.Architecture, Form.Width, Form.Epochs, Form.BatchSize,
            Form.Optimizer, Form.LearningRate, Form.Cosine, Form.WarmupEpochs, Form.WeightDecay, Form.Augment, Form.Seed, Form.Limit, TaskName, Form.RandomErasing, Form.LabelSmoothing, Form.CutMix);
        var job = await Jobs.QueueAsync(request);
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
            var epochs = current.Epochs;
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

    private static string Percent(double? value) => value?.ToString("P2", CultureInfo.InvariantCulture) ?? "—";

    private static Color StatusColor(RunStatus status) => RunStatusColors.For(status);

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

        public float RandomErasing { get; set; } = Defaults.RandomErasing;

        public float LabelSmoothing { get; set; } = Defaults.LabelSmoothing;

        public float CutMix { get; set; } = Defaults.CutMix;

        public int? Limit { get; set; }
    }
}
