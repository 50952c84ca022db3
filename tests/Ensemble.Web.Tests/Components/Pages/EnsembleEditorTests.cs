using Bunit;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Versions;
using Ensemble.Web.Components.Pages;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class EnsembleEditorTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public void MovingASlider_NormalizesLive_AndRescoresTheValidationSplit()
    {
        var page = Render<EnsembleEditor>(p => p.Add(e => e.Name, "fashion-mnist-uniform"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=live-accuracy]")), TimeSpan.FromSeconds(30));
        var before = page.Find("[data-testid=live-logloss]").TextContent;

        // residual to 1.0, separable stays at 0.5: normalized 2/3 and 1/3.
        var slider = page.FindComponents<MudSlider<double>>()[0];
        page.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(1.0));

        page.WaitForAssertion(() =>
        {
            var normalized = page.FindAll("[data-testid=normalized]").Select(n => n.TextContent).ToList();
            Assert.Equal(["66.7%", "33.3%"], normalized.Select(n => n.Replace(" ", "")));
            Assert.NotEqual(before, page.Find("[data-testid=live-logloss]").TextContent);
        });
    }

    [Fact]
    public async Task Save_MakesANewActiveVersion_AndActivateRollsBack()
    {
        var store = App.Services.GetRequiredService<EnsembleStore>();
        await store.CreateAsync("edited", EnsembleMethod.Average, new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 1 }, null);
        var page = Render<EnsembleEditor>(p => p.Add(e => e.Name, "edited"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=live-accuracy]")), TimeSpan.FromSeconds(30));

        var slider = page.FindComponents<MudSlider<double>>()[1];
        await page.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(0.25));
        await page.Find("[data-testid=save] button, button[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, store.Active("edited")!.Version));
        Assert.Equal(2f / 3, store.Active("edited")!.Members[0].Weight, 1e-5f);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=versions] tbody tr").Count));

        await page.FindAll("[data-testid=versions] tbody tr button").Single().ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(1, store.Active("edited")!.Version));
    }

    [Fact]
    public async Task EveryVersion_LinksItsDefinitionFile_AndItsOnnxFile()
    {
        var store = App.Services.GetRequiredService<EnsembleStore>();
        await store.CreateAsync("linked", EnsembleMethod.Average, new Dictionary<string, double> { ["residual"] = 1 }, null);
        await store.AddVersionAsync("linked", EnsembleMethod.WeightedAverage, new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 1 }, Provenance.Manual, null, null, activate: true);
        var page = Render<EnsembleEditor>(p => p.Add(e => e.Name, "linked"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=versions] tbody tr").Count));
        Assert.Equal(
            ["/api/ensembles/linked/versions/2/definition", "/api/ensembles/linked/versions/1/definition"],
            page.FindAll("a[data-testid=download-definition]").Select(a => a.GetAttribute("href")));
        Assert.Equal(
            ["/api/ensembles/linked/versions/2/onnx", "/api/ensembles/linked/versions/1/onnx"],
            page.FindAll("a[data-testid=download-version-onnx]").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task AModelThatIsNotAMember_StartsAtZero_AndRaisingItAddsItToTheEnsemble()
    {
        var store = App.Services.GetRequiredService<EnsembleStore>();
        await store.CreateAsync("growing", EnsembleMethod.Average, new Dictionary<string, double> { ["residual"] = 1 }, null);
        var page = Render<EnsembleEditor>(p => p.Add(e => e.Name, "growing"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=live-accuracy]")), TimeSpan.FromSeconds(30));

        Assert.Equal(["residual", "separable"], page.FindAll("[data-testid=member] p:first-child").Select(p => p.TextContent));
        var slider = page.FindComponents<MudSlider<double>>()[1];
        await page.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(1.0));
        await page.Find("[data-testid=save] button, button[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, store.Active("growing")!.Version));
        Assert.Equal(["residual", "separable"], store.Active("growing")!.Members.Select(m => m.Model));
    }
}
