using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Ensemble.Web.Security;

/// <summary>
/// Per-client limits through ASP.NET Core's rate limiter: token buckets on the prediction endpoints, so one
/// client cannot take the cores from everyone else, and a fixed window on dashboard sign-in. Over a limit the
/// client gets 429 problem details with Retry-After.
/// </summary>
public static class ClientRateLimits
{
    public const string Policy = "predict";

    /// <summary>Dashboard sign-in attempts: a fixed window per client, so the admin key cannot be guessed at speed.</summary>
    public const string SignInPolicy = "signin";

    public static IServiceCollection AddClientRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, context => options.PermitsPerSecond <= 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(options.Burst, 1),
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(options.SignInAttemptsPerMinute, 1),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
            limiter.OnRejected = async (context, cancellation) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (Grpc.GrpcRequests.Is(context.HttpContext.Request))
                {
                    // gRPC reads a refusal from its own status, sent as a trailers-only answer: RESOURCE_EXHAUSTED.
                    var response = context.HttpContext.Response;
                    response.StatusCode = StatusCodes.Status200OK;
                    response.ContentType = "application/grpc";
                    response.Headers["grpc-status"] = "8";
                    response.Headers["grpc-message"] = Uri.EscapeDataString($"This client may make {options.PermitsPerSecond} predictions per second (bursts of {options.Burst}); retry after {seconds} s.");
                    return;
                }

                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = IsSignIn(context.HttpContext)
                            ? $"This client may try to sign in {options.SignInAttemptsPerMinute} times a minute; retry after {seconds} s."
                            : $"This client may make {options.PermitsPerSecond} predictions per second (bursts of {options.Burst}); retry after {seconds} s.",
                    },
                });
            };
        });
        return services;
    }

    private static bool IsSignIn(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignInPolicy;

    // The remote address; behind a proxy, configure forwarded headers so this is the client's, not the proxy's.
    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "local";
}
