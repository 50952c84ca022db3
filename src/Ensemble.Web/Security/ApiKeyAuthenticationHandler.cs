using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ensemble.Web.Security;

/// <summary>
/// Authenticates REST callers by the admin key in the X-Api-Key header. No header: 401 with a WWW-Authenticate
/// hint. A wrong key: 403, so a client can tell a missing key from a wrong one. Both as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminKey key, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AdminKey.Header, out var supplied))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!key.Matches(supplied.ToString()))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {AdminKey.Header} header does not hold the admin key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key"), new Claim(ClaimTypes.Role, AdminKey.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Request.Headers.ContainsKey(AdminKey.Header))
        {
            return WriteAsync(StatusCodes.Status403Forbidden, "Wrong admin key", $"The {AdminKey.Header} header does not hold the admin key.");
        }

        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{AdminKey.Header}\"";
        return WriteAsync(StatusCodes.Status401Unauthorized, "Admin key required", $"Changing state needs the admin key in the {AdminKey.Header} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteAsync(StatusCodes.Status403Forbidden, "Forbidden", "This key may not make this change.");

    private Task WriteAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
