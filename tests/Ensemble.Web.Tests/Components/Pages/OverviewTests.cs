using System.Globalization;
using Bunit;
using Ensemble.Core.Models;
using Ensemble.Web.Components.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class OverviewTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public void Overview_ListsTheModels_AndComparesEnsemblesWithTheBestSingleModel()
    {
        var page = Render<Overview>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=comparison] tbody tr")), TimeSpan.FromSeconds(30));
        var models = page.FindAll("[data-testid=models] tbody tr");
        Assert.Equal(2, models.Count);
        Assert.Contains("289,322", models[0].TextContent);
        Assert.Contains("Loaded", models[0].TextContent);
        var rows = page.FindAll("[data-testid=comparison] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("fashion-mnist-uniform") && r.Contains("v1"));
        // The committed task.json names fashion-mnist-tuned, whose members this repository lacks: the uniform one serves.
        var uniform = page.Find("[data-testid=default-ensemble]").Closest("tr")!;
        Assert.Contains("fashion-mnist-uniform", uniform.TextContent);
        // residual's 45.41 and separable's 10.78 MFLOP, as their sidecars count them.
        Assert.Equal("56.2", uniform.QuerySelector("[data-testid=ensemble-cost]")!.TextContent.Trim());
        // The best single model row carries the residual model's sidecar test accuracy, 93.02 %.
        Assert.Contains(rows, r => r.Contains("best single (residual)") && r.Contains("93.02"));
    }

    [Fact]
    public void OnceTheMembersAreTimed_TheTablesShowEachModelsTime_AndEachEnsemblesSum()
    {
        var timings = App.Services.GetRequiredService<MemberTimings>();
        var page = Render<Overview>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=comparison] tbody tr")), TimeSpan.FromSeconds(30));
        Assert.All(page.FindAll("[data-testid=model-time]"), cell => Assert.Equal("—", cell.TextContent.Trim()));

        timings.TimeMissing(CancellationToken.None);

        var (residual, separable) = (timings.Of("residual")!, timings.Of("separable")!);
        page.WaitForAssertion(() => Assert.Equal(Shown(residual), page.FindAll("[data-testid=model-time]")[0].TextContent.Trim()));
        var uniform = page.Find("[data-testid=default-ensemble]").Closest("tr")!;
        Assert.Equal(Shown(residual.Plus(separable).Rounded()), uniform.QuerySelector("[data-testid=ensemble-time]")!.TextContent.Trim());
    }

    private static string Shown(MemberTiming t) => string.Create(CultureInfo.InvariantCulture, $"{t.Batch1:0.###} / {t.Batch32:0.###}");
}
