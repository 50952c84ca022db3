namespace Ensemble.Web.Tests.Grpc;

/// <summary>The gRPC app with a client allowed one prediction, and no more for a minute.</summary>
public sealed class RateLimitedGrpcAppFixture() : GrpcAppFixture(new Dictionary<string, string>
{
    ["RateLimiting:PermitsPerSecond"] = "1",
    ["RateLimiting:Burst"] = "1",
});
