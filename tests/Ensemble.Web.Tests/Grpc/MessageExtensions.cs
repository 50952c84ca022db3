namespace Ensemble.Web.Tests.Grpc;

/// <summary>Builds a variant of a request in one expression, for the tables of refused calls.</summary>
internal static class MessageExtensions
{
    public static T With<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
