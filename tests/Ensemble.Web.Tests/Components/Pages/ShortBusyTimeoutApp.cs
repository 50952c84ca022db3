namespace Ensemble.Web.Tests.Components.Pages;

/// <summary>An app that gives up on a locked database after one second, so busy paths are quick to test.</summary>
public sealed class ShortBusyTimeoutApp : IDisposable
{
    public EnsembleAppFactory App { get; } = new() { Settings = new Dictionary<string, string> { ["Database:BusyTimeoutSeconds"] = "1" } };

    public void Dispose() => App.Dispose();
}
