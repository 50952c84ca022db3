using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Ensemble.Web.Security;

/// <summary>
/// Who may change state. REST callers send the admin key in a header; the dashboard signs in once with it and
/// carries a cookie. Reading stays open to all.
/// </summary>
public static class AdminAccess
{
    public const string Policy = "admin";
    public const string SignInPath = "/signin";

    public static IServiceCollection AddAdminAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddSingleton(new AdminKey(options.AdminApiKey));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "ensemble.admin";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.LoginPath = SignInPath;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, AdminAuthorizationHandler>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .AddRequirements(new AdminRequirement()));
        services.AddCascadingAuthenticationState();
        services.AddScoped<DashboardAccess>();
        return services;
    }

    /// <summary>The sign-in page, coming back to the page the user is on.</summary>
    public static string SignInHref(Microsoft.AspNetCore.Components.NavigationManager navigation) =>
        $"{SignInPath}?returnUrl={Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri))}";

    /// <summary>Requires the admin key on an endpoint that changes state.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy);
}
