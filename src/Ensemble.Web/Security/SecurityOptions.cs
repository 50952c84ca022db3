namespace Ensemble.Web.Security;

/// <summary>The "Security" configuration section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// The key that every state-changing request needs; unset, anyone who reaches the port may change state, and the
    /// app should then listen on localhost only. Set it from an environment variable or user-secrets, never in a
    /// committed file.
    /// </summary>
    public string? AdminApiKey { get; set; }
}
