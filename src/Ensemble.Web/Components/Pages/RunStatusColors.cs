using Ensemble.Core.Runs;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>One colour per run state, the same for studies, jobs and searches.</summary>
public static class RunStatusColors
{
    public static Color For(RunStatus status) => status switch
    {
        RunStatus.Completed => Color.Success,
        RunStatus.Running or RunStatus.Queued => Color.Info,
        RunStatus.Cancelled or RunStatus.Interrupted => Color.Warning,
        _ => Color.Error,
    };
}
