using Bunit;
using Ensemble.Web.Components.Pages;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class DiversityTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public void Diversity_ShowsDisagreementPerClassAccuracyAndAConfusionMatrixOverTheSplit()
    {
        var page = Render<Diversity>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=confusion] tbody tr")), TimeSpan.FromSeconds(60));
        var disagreement = page.FindAll("[data-testid=disagreement] tbody tr");
        Assert.Equal(2, disagreement.Count);
        Assert.Contains("0.0%", disagreement[0].QuerySelectorAll("td")[0].TextContent.Replace(" ", ""));
        Assert.Equal(10, page.FindAll("[data-testid=class-accuracy] tbody tr").Count);
        // The confusion matrix counts every validation image once.
        var total = page.FindAll("[data-testid=confusion] tbody td").Sum(td => int.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5_000, total);
        // The images the members disagree on most, most first, each with what every member said.
        var disagreed = page.FindAll("[data-testid=disagreed-image]");
        Assert.Equal(12, disagreed.Count);
        Assert.All(disagreed, d => Assert.StartsWith("data:image/png;base64,", d.QuerySelector("img")!.GetAttribute("src")));
        Assert.Contains("residual:", disagreed[0].TextContent);
        Assert.Contains("separable:", disagreed[0].TextContent);
    }
}
