namespace Ensemble.Web.Grpc;

/// <summary>Tells a gRPC call from the other requests that the app's middleware sees.</summary>
internal static class GrpcRequests
{
    public static bool Is(HttpRequest request) => request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
