using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Client mistakes that surface as exceptions (malformed JSON, wrong types, a body over the size limit) become
/// RFC 7807 responses with their real status instead of a 500. So does a database that stayed locked past the
/// busy timeout, as 503 with Retry-After: nothing was written and the same request may simply be sent again.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e => (e.StatusCode, "Request body too large", e.Message),
            BadHttpRequestException e when e.InnerException is JsonException json => (e.StatusCode, "Malformed JSON", json.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            JsonException e => (StatusCodes.Status400BadRequest, "Malformed JSON", e.Message),
            _ when DatabaseBusy.Is(exception) => (StatusCodes.Status503ServiceUnavailable, "Database busy", DatabaseBusy.Message),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            // "error" is the Open Inference Protocol's error member; it costs REST clients nothing.
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["error"] = detail } },
        });
    }
}
