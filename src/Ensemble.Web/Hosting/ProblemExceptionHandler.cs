using System.Text.Json;
using Ensemble.Core.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Turns what an endpoint throws at a client into RFC 7807 problem details with its real status instead of a 500:
/// the app's refused rules (<see cref="RefusalException"/>: 400 with the field at fault, 404, 409, 503), malformed
/// JSON, wrong types, a body over the size limit, and a database that stayed locked past the busy timeout (503 with
/// Retry-After: nothing was written and the same request may simply be sent again).
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            RefusalException e => (StatusOf(e.Kind), TitleOf(e.Kind), e.Message),
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

        if (exception is not RefusalException && status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.StatusCode = status;
        var details = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            // "error" is the Open Inference Protocol's error member; it costs REST clients nothing.
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["error"] = detail } },
        };
        if (exception is RefusalException { Kind: RefusalKind.Invalid } invalid)
        {
            // The shape of a validation problem: the field at fault and what is wrong with it.
            details.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [invalid.Field is "" ? "request" : invalid.Field] = [invalid.Message] };
        }

        return await problems.TryWriteAsync(details);
    }

    private static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => "Not found",
        RefusalKind.Conflict => "Conflict",
        RefusalKind.Unavailable => "Unavailable",
        _ => "Invalid request",
    };
}
