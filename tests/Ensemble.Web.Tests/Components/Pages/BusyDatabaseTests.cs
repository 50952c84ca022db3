using Bunit;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Persistence;
using Ensemble.Core.Versions;
using Ensemble.Web.Components.Pages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class BusyDatabaseTests(ShortBusyTimeoutApp fixture) : PageTestContext(fixture.App), IClassFixture<ShortBusyTimeoutApp>
{
    [Fact]
    public async Task SavingWhileAnotherWriterHoldsTheDatabase_SaysSo_KeepsTheEdit_AndSavesOnceItIsFree()
    {
        var store = App.Services.GetRequiredService<EnsembleStore>();
        await store.CreateAsync("contested", EnsembleMethod.Average, new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 1 }, null);
        var page = Render<EnsembleEditor>(p => p.Add(e => e.Name, "contested"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=live-accuracy]")), TimeSpan.FromSeconds(30));
        var slider = page.FindComponents<MudSlider<double>>()[0];
        await page.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(1.0));

        await using (var other = new SqliteConnection($"Data Source={App.DatabasePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var lockHolder = other.CreateCommand();
            lockHolder.CommandText = "BEGIN IMMEDIATE;";
            await lockHolder.ExecuteNonQueryAsync();

            await page.Find("[data-testid=save] button, button[data-testid=save]").ClickAsync(new());

            var snackbars = Services.GetRequiredService<ISnackbar>();
            page.WaitForAssertion(() => Assert.Contains(snackbars.ShownSnackbars, s => s.Message == DatabaseBusy.Message), TimeSpan.FromSeconds(10));
        }

        Assert.Equal(1, store.Active("contested")!.Version);
        Assert.Equal(["66.7%", "33.3%"], page.FindAll("[data-testid=normalized]").Select(n => n.TextContent.Replace(" ", "")));

        await page.Find("[data-testid=save] button, button[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, store.Active("contested")!.Version));
        Assert.Equal(2f / 3, store.Active("contested")!.Members[0].Weight, 1e-5f);
    }
}
