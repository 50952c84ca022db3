using Ensemble.Core.Ensembling;
using Ensemble.Core.Scoring;
using Ensemble.Core.Versions;
using Ensemble.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// One ensemble of a task: a slider per member of the task, normalized live, with the validation accuracy and log-loss of the mixture recomputed from
/// the cached probabilities on every move; saving makes a new version; any version can be activated.
/// </summary>
public partial class EnsembleEditor
{
    [Parameter]
    public string? Name { get; set; }

    [Inject]
    private EnsembleStore Ensembles { get; set; } = null!;

    [Inject]
    private EnsembleEvaluator Evaluator { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private Web.Security.DashboardAccess Access { get; set; } = null!;

    [Inject]
    private DashboardAction Action { get; set; } = null!;

    private bool CanChange { get; set; } = true;

    private EnsembleSpec? Active { get; set; }

    private List<Slider> Sliders { get; set; } = [];

    private float[] Normalized { get; set; } = [];

    private Score? Live { get; set; }

    private string? Note { get; set; }

    private IReadOnlyList<EnsembleVersionInfo> Versions { get; set; } = [];

    private bool CanSave => Live is not null && CanChange;

    /// <summary>The task of the ensemble shown: an ensemble's own address shows it whatever task the address names.</summary>
    private string EditorTask => Active?.Task ?? TaskName;

    private string DownloadHref(int version, string file) => $"/api/ensembles/{Uri.EscapeDataString(Active!.Name)}/versions/{version}/{file}";

    protected override async Task OnParametersSetAsync()
    {
        await base.OnParametersSetAsync();
        Name ??= Ensembles.DefaultName(TaskName);
        CanChange = await Access.CanChangeAsync();
        await LoadAsync();
    }

    private async Task SelectAsync(string name)
    {
        Navigation.NavigateTo(Link($"/ensembles/{Uri.EscapeDataString(name)}"));
        Name = name;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        Active = Ensembles.Active(Name!);
        if (Active is null)
        {
            return;
        }

        // Every served model gets a slider: one that is not a member starts at 0, and raising it adds it (a model a
        // training job just registered can join this way).
        var members = Active.Members.Select(m => m.Model).ToHashSet();
        Sliders = [.. Active.Members.Select(m => new Slider(m.Model, m.Weight)), .. Registry.LoadedIn(Active.Task).Where(m => !members.Contains(m.Name)).Select(m => new Slider(m.Name, 0))];
        Normalize();
        Versions = await Ensembles.VersionsAsync(Active.Name);
        // The first scoring may run the models over the validation split; later ones read the cache. Not while
        // prerendering, which would hold back the whole response.
        if (RendererInfo.IsInteractive)
        {
            await Task.Run(Rescore);
        }
    }

    private void Move(int index, double value)
    {
        Sliders[index] = Sliders[index] with { Raw = value };
        Recompute();
    }

    private void Recompute()
    {
        Normalize();
        Rescore();
    }

    private void Normalize()
    {
        var sum = Sliders.Sum(s => s.Raw);
        Normalized = [.. Sliders.Select(s => sum > 0 ? (float)(s.Raw / sum) : 0f)];
    }

    private void Rescore()
    {
        var used = Sliders.Select((s, i) => (s.Model, Weight: Normalized[i])).Where(p => p.Weight > 0).ToList();
        Live = used.Count > 0 ? Evaluator.Evaluate([.. used.Select(p => p.Model)], [.. used.Select(p => p.Weight)], "validation") : null;
    }

    private Task SaveAsync() => Action.RunAsync(async () =>
    {
        var weights = Sliders.Where(s => s.Raw > 0).ToDictionary(s => s.Model, s => s.Raw);
        var saved = await Ensembles.AddVersionAsync(Active!.Name, EnsembleMethod.WeightedAverage, weights, Provenance.Manual, null, Note, activate: true);
        Snackbar.Add($"Saved {saved.Name} v{saved.Version}; it serves now.", Severity.Success);
        Note = null;
        await LoadAsync();
    });

    private Task ActivateAsync(int version) => Action.RunAsync(async () =>
    {
        var activated = await Ensembles.ActivateAsync(Active!.Name, version);
        Snackbar.Add($"{activated.Name} v{activated.Version} is active.", Severity.Info);
        await LoadAsync();
    });

    private sealed record Slider(string Model, double Raw);
}
