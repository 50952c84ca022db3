using System.Globalization;
using Ensemble.Core.Scoring;
using Ensemble.Core.Versions;
using Ensemble.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Ensemble.Web.Components.Pages;

/// <summary>How the members differ: pairwise disagreement, per-class accuracy, and the ensemble's confusion matrix.</summary>
public partial class Diversity
{
    [Inject]
    private EnsembleStore Ensembles { get; set; } = null!;

    [Inject]
    private MemberProbabilityCache Cache { get; set; } = null!;

    private string EnsembleName { get; set; } = "";

    private string Split { get; set; } = "validation";

    private DiversityReport? Report { get; set; }

    protected override Task OnTaskChangedAsync()
    {
        EnsembleName = EnsembleStore.UniformName(TaskName);
        return ComputeAsync();
    }

    private Task SelectEnsembleAsync(string name)
    {
        EnsembleName = name;
        return ComputeAsync();
    }

    private Task SelectSplitAsync(string split)
    {
        Split = split;
        return ComputeAsync();
    }

    private async Task ComputeAsync()
    {
        Report = null;
        // The first report may run the models over a whole split: not while prerendering, which would hold back the
        // whole response.
        if (!RendererInfo.IsInteractive || Ensembles.Active(EnsembleName) is not { } spec || SelectedTask?.Split(Split) is null)
        {
            return;
        }

        Report = await Task.Run(() =>
        {
            var table = Cache.Table([.. spec.Members.Select(m => m.Model)], Split);
            return DiversityReport.Compute(table, [.. spec.Members.Select(m => m.Weight)]);
        });
    }

    private string Picture(int row)
    {
        var samples = SelectedTask!.Split(Split)!;
        var pixels = new float[samples.SampleSize];
        samples.CopyInput(row, pixels);
        return SampleImages.ToDataUrl(pixels, Definition!.Input);
    }

    // Cell shading proportional to the value, full at `full`.
    private static string Heat(double value, double full) =>
        string.Create(CultureInfo.InvariantCulture, $"background-color: rgba(94, 53, 177, {Math.Clamp(value / full, 0, 1) * 0.6:F2})");
}
