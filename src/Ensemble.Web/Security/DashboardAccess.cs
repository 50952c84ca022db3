using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Ensemble.Web.Security;

/// <summary>
/// Whether the dashboard's user may change state: signed in with the admin key, or no key is configured. Pages
/// ask before every change, on the server, so a tampered browser cannot skip the check.
/// </summary>
public sealed class DashboardAccess(AuthenticationStateProvider authentication, AdminKey key, ISnackbar snackbar)
{
    public bool KeyRequired => key.IsRequired;

    public async Task<bool> CanChangeAsync()
    {
        if (!key.IsRequired)
        {
            return true;
        }

        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.IsInRole(AdminKey.Role);
    }

    /// <summary>True when the change may go ahead; otherwise tells the user why not.</summary>
    public async Task<bool> AllowChangeAsync()
    {
        if (await CanChangeAsync())
        {
            return true;
        }

        snackbar.Add("Changes need the admin key: sign in first.", Severity.Warning);
        return false;
    }
}
