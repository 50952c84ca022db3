using Ensemble.Core.Jobs;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>One colour per job or search state, the same on the Training and Search pages.</summary>
public static class TrainingStatusColors
{
    public static Color For(TrainingStatus status) => status switch
    {
        TrainingStatus.Completed => Color.Success,
        TrainingStatus.Running or TrainingStatus.Queued => Color.Info,
        TrainingStatus.Cancelled or TrainingStatus.Interrupted => Color.Warning,
        _ => Color.Error,
    };
}
