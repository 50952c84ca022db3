using Ensemble.Web.Tests.Security;
using Microsoft.Playwright;

namespace Ensemble.Web.Tests.EndToEnd;

public sealed class SignInBrowserTests(KeyedBrowserFixture fixture) : IClassFixture<KeyedBrowserFixture>
{
    [SkippableFact]
    public async Task TheEditorIsReadOnly_UntilTheAdminSignsIn_ThenSaves()
    {
        Prerequisite.Require(BrowserFixture.Available, BrowserFixture.MissingMessage);

        var page = await fixture.Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await page.GotoAsync(new Uri(fixture.BaseAddress, "/ensembles/fashion-mnist-uniform").ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("[data-testid=read-only]").WaitForAsync();
        Assert.True(await page.Locator("button[data-testid=save]").IsDisabledAsync());

        // The app bar's link leaves the interactive circuit for the plain sign-in form.
        await page.Locator("[data-testid=sign-in]").ClickAsync();
        await page.Locator("[data-testid=signin-form]").WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("#key").FillAsync("guess");
        await page.Locator("[data-testid=signin-submit]").ClickAsync();
        await page.Locator("[data-testid=signin-error]").WaitForAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "signin-failed.png") });
        await page.Locator("#key").FillAsync(KeyedApp.Key);
        await page.Locator("[data-testid=signin-submit]").ClickAsync();

        // The redirect is what is asserted; the page's load event can trail far behind it while other tests load
        // both cores (it once took over 30 s), and what the steps below need is the interactive circuit.
        await page.WaitForURLAsync(new Uri(fixture.BaseAddress, "/ensembles/fashion-mnist-uniform").ToString(), new() { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("[data-testid=sign-out]").WaitForAsync();
        await page.Locator("[data-testid=live-accuracy]").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(0, await page.Locator("[data-testid=read-only]").CountAsync());
        await page.Locator("button[data-testid=save]").ClickAsync();
        await page.Locator("[data-testid=versions] tbody tr").Nth(1).WaitForAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "editor-signed-in.png"), FullPage = true });
    }
}
