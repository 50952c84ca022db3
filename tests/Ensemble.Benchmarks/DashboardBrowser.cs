using Microsoft.Playwright;

namespace Ensemble.Benchmarks;

/// <summary>
/// One tab of Debian's chromium driven by Playwright, for benchmarks that must see the dashboard as a user does: a
/// page's live session (its circuit) does the work that its first, prerendered response leaves out.
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
    }

    public static async Task<DashboardBrowser> StartAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new DashboardBrowser(playwright, browser, await browser.NewPageAsync());
    }

    /// <summary>Opens <paramref name="address"/> and waits until the page shows <paramref name="ready"/>.</summary>
    public async Task OpenAsync(Uri address, string ready)
    {
        await _page.GotoAsync(address.ToString());
        // A bound on the first scoring of every member under a loaded machine, not a pause.
        await _page.Locator(ready).First.WaitForAsync(new() { Timeout = 300_000 });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
