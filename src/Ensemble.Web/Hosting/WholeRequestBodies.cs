using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Reads each request body whole, in memory, before its endpoint runs. On SIGTERM Kestrel cancels every connection's
/// pending read so idle connections notice the shutdown; it hides that from a request body's reader only while the
/// reader consumes all it examines. System.Text.Json's pipe reader does not (it examines past a value split across
/// reads), so a JSON request whose body was still arriving failed with 500 instead of finishing
/// (dotnet/aspnetcore#19476). A stream read consumes what it returns.
/// </summary>
public static class WholeRequestBodies
{
    public static IApplicationBuilder UseWholeRequestBodies(this IApplicationBuilder app, IConfiguration configuration)
    {
        // Kestrel's MaxRequestBodySize already bounds a body; holding that much in memory keeps it off the disk.
        var limit = (int)Math.Min(int.MaxValue, RequestBodyLimit.Bytes(configuration));
        return app.Use(async (context, next) =>
        {
            // gRPC reads its messages as they stream (reflection is a bidirectional stream) and ends its own calls.
            if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true && !Grpc.GrpcRequests.Is(context.Request))
            {
                context.Request.EnableBuffering(bufferThreshold: limit);
                await context.Request.Body.DrainAsync(context.RequestAborted);
                context.Request.Body.Position = 0;
            }

            await next(context);
        });
    }
}
