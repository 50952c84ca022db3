using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints;

/// <summary>Reads an upload's multipart form; a request that is not one, or whose body is empty or cut, gets problem details.</summary>
internal static class MultipartForms
{
    /// <param name="expected">What to send, for the 415 message: "the image as multipart/form-data in a field named 'file'".</param>
    public static async Task<(IFormCollection? Form, ProblemHttpResult? Problem)> ReadAsync(HttpRequest http, string expected)
    {
        if (!http.HasFormContentType)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: $"Send {expected}."));
        }

        try
        {
            return (await http.ReadFormAsync(http.HttpContext.RequestAborted), null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form cannot be read", detail: e.Message));
        }
    }
}
