using Microsoft.Playwright;

namespace Ensemble.Web.Tests.EndToEnd;

/// <summary>
/// The app on a real loopback port and Debian's chromium driven by Playwright (no browser download). Without
/// chromium the browser tests skip locally and fail under CI=true, where .ci/run installs it.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public BrowserFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>The app with more configuration (an admin key, for example).</summary>
    protected BrowserFixture(IReadOnlyDictionary<string, string> settings) => App = new EnsembleAppFactory { Settings = settings };

    public EnsembleAppFactory App { get; }

    public IBrowser? Browser { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public static bool Available => File.Exists(Chromium);

    public static string MissingMessage =>
        $"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests.";

    public string ScreenshotDirectory { get; } = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseAddress = App.ClientOptions.BaseAddress;
        if (!Available)
        {
            return;
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
