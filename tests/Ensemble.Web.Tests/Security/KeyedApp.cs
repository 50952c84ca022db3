namespace Ensemble.Web.Tests.Security;

/// <summary>The app with an admin key configured, shared by a test class.</summary>
public sealed class KeyedApp : IDisposable
{
    public const string Key = "correct-horse-battery-staple";

    public EnsembleAppFactory Factory { get; } = new() { Settings = new Dictionary<string, string> { ["Security:AdminApiKey"] = Key } };

    public void Dispose() => Factory.Dispose();
}
