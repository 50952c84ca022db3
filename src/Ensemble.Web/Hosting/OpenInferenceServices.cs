using Ensemble.Web.Grpc;
using Ensemble.Web.OpenInference;

namespace Ensemble.Web.Hosting;

/// <summary>
/// The Open Inference Protocol in this app: the model resolution REST and gRPC share, the gRPC service with its
/// status-code mapping, server reflection (grpcurl without the .proto) and the standard gRPC health service, which
/// reports the app's readiness checks.
/// </summary>
public static class OpenInferenceServices
{
    public static IServiceCollection AddOpenInference(this IServiceCollection services)
    {
        services.AddSingleton<OipModels>();
        services.AddSingleton<OipInference>();
        services.AddSingleton<OipRepository>();
        services.AddGrpc(o => o.Interceptors.Add<RefusalInterceptor>());
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", result => result.Tags.Contains("ready"));
            o.Services.Map("inference.GRPCInferenceService", result => result.Tags.Contains("ready"));
            // Each Check runs the checks now, as /health/ready does, rather than reporting the last periodic result.
            o.UseHealthChecksCache = false;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapOpenInferenceGrpc(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<InferenceGrpcService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }
}
