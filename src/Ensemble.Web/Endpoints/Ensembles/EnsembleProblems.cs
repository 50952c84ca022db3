using Ensemble.Core.Ensembling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Ensembles;

/// <summary>Maps a refused ensemble operation to its problem-details response.</summary>
public static class EnsembleProblems
{
    public static ProblemHttpResult From(EnsembleException e, string invalidTitle = "Invalid ensemble") => e.Kind switch
    {
        EnsembleErrorKind.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: e.Message),
        EnsembleErrorKind.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: e.Message),
        EnsembleErrorKind.Unavailable => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable", detail: e.Message),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: invalidTitle, detail: e.Message,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [e.Field is "" ? "ensemble" : e.Field] = [e.Message] } }),
    };
}
