namespace Ensemble.Web.Security;

/// <summary>The sign-in page's form fields.</summary>
public sealed class SignInForm
{
    public string? Key { get; set; }

    public string? ReturnUrl { get; set; }
}
