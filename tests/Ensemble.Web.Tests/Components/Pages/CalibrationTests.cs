using System.Globalization;
using Bunit;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Scoring;
using Ensemble.Core.Versions;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class CalibrationTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public void Calibration_ShowsEveryMemberAndTheVersion_ADiagramOfTheTestSplit_AndTheRiskCoverageCurves()
    {
        var page = Render<Ensemble.Web.Components.Pages.Calibration>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=calibration-table] tbody tr")), TimeSpan.FromSeconds(60));
        var spec = App.Services.GetRequiredService<EnsembleStore>().Active(EnsembleAppFactory.Uniform)!;
        var test = App.Services.GetRequiredService<EnsembleEvaluator>().Calibration(spec, "test");
        var rows = page.FindAll("[data-testid=calibration-table] tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Contains(test.Ece.ToString("F4", CultureInfo.InvariantCulture), rows[0].TextContent);
        var diagram = page.Find("[data-testid=reliability]");
        Assert.Equal(test.Ece.ToString("F4", CultureInfo.InvariantCulture), diagram.GetAttribute("data-ece"));
        Assert.Equal(test.Bins.Count(b => b.Count > 0).ToString(CultureInfo.InvariantCulture), diagram.GetAttribute("data-bins"));
        Assert.True(int.Parse(page.Find("[data-testid=risk-coverage]").GetAttribute("data-points")!, CultureInfo.InvariantCulture) > 10);
        Assert.Equal($"/api/ensembles/{spec.Name}/versions/{spec.Version}/onnx", page.Find("[data-testid=download-onnx]").GetAttribute("href"));
    }

    [Fact]
    public async Task SettingTheThresholdFromATargetAccuracy_SavesAVersion_AndTheCurveMarksIt()
    {
        var store = App.Services.GetRequiredService<EnsembleStore>();
        await store.CreateAsync("page-careful", EnsembleMethod.Average, new Dictionary<string, double> { ["residual"] = 1, ["separable"] = 1 }, null);
        var page = Render<Ensemble.Web.Components.Pages.Calibration>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=calibration-table] tbody tr")), TimeSpan.FromSeconds(60));
        await page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("page-careful"));
        page.WaitForAssertion(() => Assert.Contains("page-careful", page.Find("[data-testid=calibration-table] tbody tr").TextContent), TimeSpan.FromSeconds(60));

        await page.InvokeAsync(() => page.FindComponents<MudNumericField<double>>().Single().Instance.ValueChanged.InvokeAsync(0.99));
        await page.Find("button[data-testid=set-threshold], [data-testid=set-threshold] button").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=threshold-applied]")), TimeSpan.FromSeconds(30));
        var active = store.Active("page-careful")!;
        Assert.Equal(2, active.Version);
        Assert.NotNull(active.AbstainBelow);
        page.WaitForAssertion(() => Assert.Equal(active.AbstainBelow!.Value.ToString("R", CultureInfo.InvariantCulture), page.Find("[data-testid=risk-coverage]").GetAttribute("data-threshold")));
        Assert.NotNull(page.Find("[data-testid=threshold-marker]"));
        var validation = App.Services.GetRequiredService<EnsembleEvaluator>().AtThreshold(active, "validation", active.AbstainBelow!.Value);
        Assert.True(validation.Accuracy >= 0.99);
    }
}
