using Ensemble.Core.Persistence;

namespace Ensemble.Web.Components.Shared;

/// <summary>
/// The refusals a dashboard action reports in place, keeping what the user entered: a rule of the app's
/// (<see cref="RefusalException"/>) or a database that stayed busy. Anything else is a bug, and the layout's error
/// boundary shows it instead of ending the circuit.
/// </summary>
public static class ActionError
{
    public static bool IsRefusal(Exception exception) => exception is RefusalException || DatabaseBusy.Is(exception);

    public static string Message(Exception exception) => exception is RefusalException ? exception.Message : DatabaseBusy.Message;
}
