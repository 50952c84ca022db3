using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Runs.Engine;

/// <summary>The reason stored with a failed run: what went wrong, in the words of whatever refused.</summary>
internal static class RunFailure
{
    private const int MaxLength = 2000;

    public static string Describe(Exception exception)
    {
        var reason = exception switch
        {
            // EF Core's own message only says to look inside.
            DbUpdateException e => $"The database refused a write: {e.GetBaseException().Message}",
            IOException e => $"A file could not be written or read: {e.Message}",
            _ => exception.Message,
        };
        return reason.Length <= MaxLength ? reason : reason[..(MaxLength - 1)] + "…";
    }
}
