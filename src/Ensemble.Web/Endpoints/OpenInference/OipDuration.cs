namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>How many times something happened and the nanoseconds it took in all.</summary>
public sealed record OipDuration(long Count, long Ns)
{
    public static OipDuration Zero { get; } = new(0, 0);
}
