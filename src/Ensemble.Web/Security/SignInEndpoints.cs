using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Ensemble.Web.Security;

/// <summary>The dashboard's sign-in and sign-out form posts (antiforgery-checked, as every form post is).</summary>
public static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/signin", SignInAsync).RequireRateLimiting(ClientRateLimits.SignInPolicy);
        // The cast keeps the typed result: a bare (HttpContext) => Task method would bind as a RequestDelegate.
        account.MapPost("/signout", (Delegate)SignOutAsync);
        return app;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult> SignInAsync(HttpContext context, AdminKey admin, ILoggerFactory logs, [FromForm] SignInForm form)
    {
        var returnUrl = Local(form.ReturnUrl);
        if (!admin.Matches(form.Key))
        {
            // The address only: the key a client tried is never logged.
            logs.CreateLogger(typeof(SignInEndpoints)).LogWarning("A dashboard sign-in from {Address} failed", context.Connection.RemoteIpAddress);
            return TypedResults.LocalRedirect($"{AdminAccess.SignInPath}?failed=true&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, AdminKey.Role)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect(returnUrl);
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/");
    }

    // Only paths on this site, so the form cannot bounce a user elsewhere.
    private static string Local(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
