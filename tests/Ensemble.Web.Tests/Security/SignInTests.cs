using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Ensemble.Web.Tests.Security;

public sealed partial class SignInTests(KeyedApp app) : IClassFixture<KeyedApp>
{
    [Fact]
    public async Task TheRightKey_SetsTheCookie_AndTheDashboardOffersSignOut()
    {
        var client = Browser();
        var token = await FormTokenAsync(client);

        var response = await client.PostAsync("/account/signin", Form(token, KeyedApp.Key, "/ensembles"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ensembles", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ensemble.admin=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var page = await client.GetStringAsync("/ensembles");
        Assert.Contains("data-testid=\"sign-out\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"read-only\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongKey_SendsBackToTheForm_WithoutACookie()
    {
        var client = Browser();
        var token = await FormTokenAsync(client);

        var response = await client.PostAsync("/account/signin", Form(token, "guess", "/training"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?failed=true", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("ensemble.admin=", StringComparison.Ordinal)));
        var page = await client.GetStringAsync("/training");
        Assert.Contains("data-testid=\"read-only\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"signin-error\"", await client.GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormPostWithoutTheAntiforgeryToken_IsRefused()
    {
        var response = await Browser().PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = KeyedApp.Key }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("ensemble.admin=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AReturnUrlToAnotherSite_RedirectsHome()
    {
        var client = Browser();
        var token = await FormTokenAsync(client);

        var response = await client.PostAsync("/account/signin", Form(token, KeyedApp.Key, "//evil.example/"));

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignInAttempts_AreLimitedPerClient()
    {
        using var limited = new EnsembleAppFactory
        {
            Settings = new Dictionary<string, string> { ["Security:AdminApiKey"] = KeyedApp.Key, ["RateLimiting:SignInAttemptsPerMinute"] = "2" },
        };
        var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = await FormTokenAsync(client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsync("/account/signin", Form(token, "guess", "/"))).StatusCode);
        }

        var refused = await client.PostAsync("/account/signin", Form(token, KeyedApp.Key, "/"));

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("sign in 2 times a minute", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Replicas share the database, and a restart keeps it: the cookie's keys live there, not in a home folder.
    [Fact]
    public async Task ASignInCookie_IsHonouredByAnotherAppOnTheSameDatabase()
    {
        var settings = new Dictionary<string, string> { ["Security:AdminApiKey"] = KeyedApp.Key };
        using var first = new EnsembleAppFactory { Settings = settings };
        var client = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostAsync("/account/signin", Form(await FormTokenAsync(client), KeyedApp.Key, "/ensembles"));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ensemble.admin=", StringComparison.Ordinal)).Split(';')[0];

        await using (var database = new SqliteConnection($"Data Source={first.DatabasePath};Pooling=False"))
        {
            await database.OpenAsync();
            await using var count = database.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM DataProtectionKeys";
            Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
        }

        using var second = new EnsembleAppFactory { DatabasePath = first.DatabasePath, Settings = settings };
        var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ensembles");
        request.Headers.Add("Cookie", cookie);
        var page = await (await other.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"sign-out\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"read-only\"", page, StringComparison.Ordinal);
    }

    private HttpClient Browser() => app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> FormTokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/signin?returnUrl=%2Fensembles");
        return TokenPattern().Match(page) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
    }

    private static FormUrlEncodedContent Form(string token, string key, string returnUrl) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["key"] = key,
        ["returnUrl"] = returnUrl,
    });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
