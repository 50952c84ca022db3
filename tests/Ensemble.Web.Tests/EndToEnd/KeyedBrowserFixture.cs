using Ensemble.Web.Tests.Security;

namespace Ensemble.Web.Tests.EndToEnd;

/// <summary>The browser fixture over an app with an admin key configured.</summary>
public sealed class KeyedBrowserFixture() : BrowserFixture(new Dictionary<string, string> { ["Security:AdminApiKey"] = KeyedApp.Key });
