namespace Ensemble.Web.Security;

/// <summary>The "RateLimiting" configuration section: per-client limits of the prediction endpoints.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Sustained predictions per second per client; 0 turns the limit off.</summary>
    public int PermitsPerSecond { get; set; } = 5_000;

    /// <summary>How many a client may make at once after a quiet spell.</summary>
    public int Burst { get; set; } = 10_000;

    /// <summary>Dashboard sign-in attempts per minute per client.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;
}
