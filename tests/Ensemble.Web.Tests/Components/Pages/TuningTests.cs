using Bunit;
using Ensemble.Core.Studies;
using Ensemble.Core.Tuning;
using Ensemble.Web.Tests.Endpoints;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class TuningTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public async Task Start_QueuesAStudy_ThePageFollowsItToCompletion_AndShowsTheBaselines()
    {
        var page = Render<Ensemble.Web.Components.Pages.Tuning>();

        await page.Find("[data-testid=start-study] button, button[data-testid=start-study]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid=current-study]").GetAttribute("data-status")), TimeSpan.FromSeconds(60));
        var result = page.Find("[data-testid=study-result]").TextContent;
        Assert.Contains("uniform", result);
        // The default study (random search) ranks members as it ranks weights: by held-out accuracy.
        Assert.Contains("best single by held-out accuracy", result);
        Assert.NotEmpty(page.FindAll("[data-testid=top-trials] tbody tr"));
        // Temperatures are fitted by default: their effect, before and after, and the held-out reliability diagram.
        Assert.Equal(4, page.FindAll("[data-testid=calibration-effect] tbody tr").Count);
        Assert.NotEmpty(page.FindAll("[data-testid=study-calibration] [data-testid=before-bin]"));
        var stored = (await App.Services.GetRequiredService<StudyService>().ListAsync()).First();
        Assert.Equal((RunStatus.Completed, 2_500), (stored.Status, stored.TrialsDone));
        // The sidecars' 45.41 (residual) and 10.78 (separable) MFLOP: all of it for uniform, the weighted ones' for the study.
        Assert.Equal("56.2", page.Find("[data-testid=uniform-cost]").TextContent.Trim());
        var served = stored.Members.Zip(stored.Weights!).Where(p => p.Second > 0f).Sum(p => p.First.Model == "residual" ? 45.41 : 10.78);
        Assert.Equal(served.ToString("N1", System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-testid=study-cost]").TextContent.Trim());
    }

    [Fact]
    public async Task ALogLossStudyCutShortByItsBudget_WarnsHowFarFromTheOptimumItMayBe()
    {
        // One iteration per fold cannot converge; the page shows the latest study of the task.
        await App.Services.GetRequiredService<StudyService>().QueueAsync(new StudyRequest(Strategy: StrategyKind.LogLossOptimum, Budget: 1, Folds: 2));

        var page = Render<Ensemble.Web.Components.Pages.Tuning>();

        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid=current-study]").GetAttribute("data-status")), TimeSpan.FromSeconds(60));
        var stored = (await App.Services.GetRequiredService<StudyService>().ListAsync()).First();
        var warning = page.Find("[data-testid=optimality]");
        Assert.Contains("mud-alert", warning.ClassName);
        Assert.Contains("stopped before it converged, with a budget of 1 iterations", warning.TextContent);
        Assert.Contains(stored.OptimalityGap!.Value.ToString("0.0e0", System.Globalization.CultureInfo.InvariantCulture), warning.TextContent);
    }

    [Fact]
    public async Task TheFront_IsPlottedWithItsReferences_AndAnyPointOfIt_AppliesAsANewVersion()
    {
        // An ensemble of its own, so applying a point leaves the default one as the other tests expect it.
        (await App.CreateClient().PostJson("/api/ensembles", new { name = "front", method = "Average", weights = new { residual = 1, separable = 1 } })).EnsureSuccessStatusCode();
        var service = App.Services.GetRequiredService<StudyService>();
        await service.QueueAsync(new StudyRequest(Ensemble: "front", Strategy: StrategyKind.Greedy, Budget: 5, Folds: 2));

        var page = Render<Ensemble.Web.Components.Pages.Tuning>();
        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid=current-study]").GetAttribute("data-status")), TimeSpan.FromSeconds(60));
        var stored = (await service.ListAsync()).First();
        var front = stored.Pareto!;

        Assert.Equal(front.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-testid=pareto]").GetAttribute("data-points"));
        // The front's points, then the pick, uniform and the best single member.
        Assert.Equal(front.Count + 3, page.FindAll("[data-testid=pareto] circle").Count);
        Assert.Equal(front.Count, page.FindAll("[data-testid=pareto-point]").Count);
        // The cheapest point is separable alone (10.78 MFLOP).
        Assert.StartsWith("10.8", page.FindAll("[data-testid=pareto-point]")[0].TextContent.Trim());

        await page.FindAll("[data-testid=apply-point] button, button[data-testid=apply-point]")[0].ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(
            stored.Members.Select((m, i) => (m.Model, Weight: front[0].Weights[i])).Where(m => m.Weight > 0).Select(m => m.Model),
            App.Services.GetRequiredService<Ensemble.Core.Versions.EnsembleStore>().Active(stored.Ensemble)!.Members.Where(m => m.Weight > 0).Select(m => m.Model)));
    }
}
