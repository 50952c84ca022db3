using Ensemble.Web.Security;
using MudBlazor;

namespace Ensemble.Web.Components.Shared;

/// <summary>
/// The one way a dashboard action that changes state runs: it checks access on the server, runs, and reports a
/// refused rule or a busy database in place (a snackbar; the form keeps what the user entered). Anything else is a
/// bug and goes on to the layout's error boundary.
/// </summary>
public sealed class DashboardAction(DashboardAccess access, ISnackbar snackbar)
{
    /// <summary>True when the action ran to the end.</summary>
    public async Task<bool> RunAsync(Func<Task> action)
    {
        if (!await access.AllowChangeAsync())
        {
            return false;
        }

        try
        {
            await action();
            return true;
        }
        catch (Exception e) when (ActionError.IsRefusal(e))
        {
            snackbar.Add(ActionError.Message(e), Severity.Error);
            return false;
        }
    }
}
