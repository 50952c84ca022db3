using Bunit;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Versions;
using Ensemble.Web.Components.Pages;
using Ensemble.Web.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class ReadOnlyDashboardTests(KeyedApp app) : PageTestContext(app.Factory), IClassFixture<KeyedApp>
{
    [Fact]
    public void WithAKeyConfigured_AnAnonymousUser_SeesTheNotice_AndCannotSave()
    {
        var page = Render<EnsembleEditor>(p => p.Add(e => e.Name, "fashion-mnist-uniform"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=live-accuracy]")), TimeSpan.FromSeconds(30));

        Assert.NotNull(page.Find("[data-testid=read-only]"));
        Assert.True(page.FindComponents<MudButton>().Single(b => b.Instance.UserAttributes.GetValueOrDefault("data-testid") as string == "save").Instance.Disabled);
    }

    [Theory]
    [InlineData(typeof(Web.Components.Pages.Tuning), "start-study")]
    [InlineData(typeof(Web.Components.Pages.Training), "start-job")]
    [InlineData(typeof(Search), "start-search")]
    public void EveryPageThatChangesState_IsReadOnlyWithoutSigningIn(Type pageType, string button)
    {
        var page = Render(builder =>
        {
            builder.OpenComponent(0, pageType);
            builder.CloseComponent();
        });

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=read-only]")));
        Assert.True(page.FindComponents<MudButton>().Single(b => b.Instance.UserAttributes.GetValueOrDefault("data-testid") as string == button).Instance.Disabled);
    }

    [Fact]
    public async Task SignedIn_TheAdminSavesANewVersion()
    {
        Authorization.SetAuthorized("admin");
        Authorization.SetRoles(Web.Security.AdminKey.Role);
        var store = App.Services.GetRequiredService<EnsembleStore>();
        await store.CreateAsync("admins", EnsembleMethod.Average, new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 1 }, null);
        var page = Render<EnsembleEditor>(p => p.Add(e => e.Name, "admins"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=live-accuracy]")), TimeSpan.FromSeconds(30));

        Assert.Empty(page.FindAll("[data-testid=read-only]"));
        await page.Find("button[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, store.Active("admins")!.Version));
    }
}
