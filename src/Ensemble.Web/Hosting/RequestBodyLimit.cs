namespace Ensemble.Web.Hosting;

/// <summary>The largest request body the app takes (Limits:MaxRequestBodyBytes), in one place for Kestrel and the buffering.</summary>
public static class RequestBodyLimit
{
    public const long DefaultBytes = 16 * 1024 * 1024;

    public static long Bytes(IConfiguration configuration) => configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? DefaultBytes;
}
