namespace Ensemble.Core.Refusals;

/// <summary>
/// A request the app refused because it breaks one of its rules (an unknown ensemble, a taken name, a study that is
/// not finished): the caller's mistake or the app's state, never a bug. <see cref="Kind"/> says how to answer it.
/// </summary>
public sealed class RefusalException(RefusalKind kind, string message, string field = "") : Exception(message)
{
    public RefusalKind Kind { get; } = kind;

    /// <summary>The request field at fault, for validation errors.</summary>
    public string Field { get; } = field;
}
