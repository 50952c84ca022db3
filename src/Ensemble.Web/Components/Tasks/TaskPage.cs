using Ensemble.Core.Models;
using Ensemble.Core.Tasks;
using Ensemble.Tasks;
using Microsoft.AspNetCore.Components;

namespace Ensemble.Web.Components.Tasks;

/// <summary>
/// A dashboard page about one task: the one the address names (<c>?task=digits</c>, so a link or a reload keeps
/// it), else the default task. The page hears of a change of task, which the app bar's picker makes by navigating.
/// </summary>
public abstract class TaskPage : ComponentBase
{
    private bool _shown;
    private string? _shownTask;

    [SupplyParameterFromQuery(Name = TaskLinks.Query)]
    public string? TaskQuery { get; set; }

    [Inject]
    protected ModelRegistry Registry { get; set; } = null!;

    /// <summary>The task the page shows; null only when the repository has no usable task.</summary>
    protected ServedTask? SelectedTask => TaskLinks.Resolve(Registry, TaskQuery);

    protected string TaskName => SelectedTask?.Name ?? "";

    protected TaskDefinition? Definition => SelectedTask?.Definition;

    protected IReadOnlyList<string> ClassNames => Definition?.Classes ?? [];

    protected override async Task OnParametersSetAsync()
    {
        var name = SelectedTask?.Name;
        if (!_shown || name != _shownTask)
        {
            (_shown, _shownTask) = (true, name);
            await OnTaskChangedAsync();
        }
    }

    /// <summary>Called when the page first has its task, and again whenever the address names another one.</summary>
    protected virtual Task OnTaskChangedAsync() => Task.CompletedTask;

    /// <summary>A link to <paramref name="path"/> on the same task.</summary>
    protected string Link(string path) => TaskLinks.WithTask(path, SelectedTask?.Name);
}
