using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Ensemble.Web.Grpc;

/// <summary>
/// Answers what a gRPC call was refused for with the protocol's status code and the reason, never UNKNOWN:
/// INVALID_ARGUMENT for a bad request, NOT_FOUND for an unknown model or version, UNAVAILABLE for a model that cannot
/// serve now or a database that stayed busy, FAILED_PRECONDITION for an ensemble whose member changed.
/// </summary>
internal sealed class RefusalInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RefusalException refusal)
        {
            throw new RpcException(new Status(CodeOf(refusal.Kind), refusal.Message));
        }
        catch (Exception busy) when (Core.Persistence.DatabaseBusy.Is(busy))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, Core.Persistence.DatabaseBusy.Message));
        }
    }

    private static StatusCode CodeOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => StatusCode.NotFound,
        RefusalKind.Unavailable => StatusCode.Unavailable,
        RefusalKind.Conflict => StatusCode.FailedPrecondition,
        _ => StatusCode.InvalidArgument,
    };
}
