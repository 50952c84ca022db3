using Ensemble.Core.Calibration;
using Ensemble.Core.Scoring;
using Ensemble.Core.Versions;
using Ensemble.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// How honest an ensemble's probabilities are: every member's and the version's accuracy, log-loss, Brier score and
/// ECE on validation and test, a reliability diagram, and the risk–coverage curve the abstain threshold is set from.
/// </summary>
public partial class Calibration
{
    public const string EnsembleRow = "ensemble";

    [Inject]
    private EnsembleStore Ensembles { get; set; } = null!;

    [Inject]
    private EnsembleEvaluator Evaluator { get; set; } = null!;

    [Inject]
    private AbstainThresholds Thresholds { get; set; } = null!;

    [Inject]
    private Web.Security.DashboardAccess Access { get; set; } = null!;

    [Inject]
    private DashboardAction Action { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    private bool CanChange { get; set; } = true;

    private string EnsembleName { get; set; } = "";

    private string Split { get; set; } = "test";

    /// <summary>The row whose reliability diagram is drawn: the ensemble, or a member by name.</summary>
    private string Shown { get; set; } = EnsembleRow;

    private EnsembleCalibrationReport? Report { get; set; }

    private string TargetKind { get; set; } = "accuracy";

    private double TargetValue { get; set; } = 0.98;

    private AbstainResult? Applied { get; set; }

    private string? DownloadHref => Report is { } r ? $"/api/ensembles/{Uri.EscapeDataString(r.Ensemble)}/versions/{r.Version}/onnx" : null;

    private IReadOnlyList<ReliabilityBin> ShownBins
    {
        get
        {
            if (Report is not { } report)
            {
                return [];
            }

            var member = report.Members.FirstOrDefault(m => m.Model == Shown);
            return (member, Split) switch
            {
                (null, "validation") => report.Validation.Bins,
                (null, _) => report.Test.Bins,
                (_, "validation") => member.Validation.Bins,
                _ => member.Test.Bins,
            };
        }
    }

    protected override async Task OnTaskChangedAsync()
    {
        CanChange = await Access.CanChangeAsync();
        EnsembleName = Ensembles.DefaultName(TaskName);
        await ComputeAsync();
    }

    private Task SelectEnsembleAsync(string name)
    {
        EnsembleName = name;
        Shown = EnsembleRow;
        return ComputeAsync();
    }

    private async Task ComputeAsync()
    {
        Report = null;
        // The first report may run the models over both splits: not while prerendering.
        if (!RendererInfo.IsInteractive || Ensembles.Active(EnsembleName) is not { } spec || SelectedTask?.IsUsable != true)
        {
            return;
        }

        Report = await Task.Run(() => Evaluator.Report(spec));
    }

    private Task SetThresholdAsync() => Action.RunAsync(async () =>
    {
        var target = TargetKind switch
        {
            "coverage" => new AbstainTarget(TargetCoverage: TargetValue),
            "threshold" => new AbstainTarget(Threshold: (float)TargetValue),
            _ => new AbstainTarget(TargetAccuracy: TargetValue),
        };
        Applied = await Thresholds.SetAsync(EnsembleName, target);
        Snackbar.Add($"Version {Applied.Version.Version} of {EnsembleName} abstains below confidence {Applied.Threshold:F4}.", Severity.Success);
        await ComputeAsync();
    });

    private Task RemoveThresholdAsync() => Action.RunAsync(async () =>
    {
        Applied = await Thresholds.SetAsync(EnsembleName, new AbstainTarget());
        Snackbar.Add($"Version {Applied.Version.Version} of {EnsembleName} never abstains.", Severity.Success);
        await ComputeAsync();
    });
}
