using Bunit;
using Ensemble.Core.Jobs;
using Ensemble.Core.Searches;
using Ensemble.Web.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class SearchTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public async Task ASearch_IsDrawnTrialByTrial_AndItsBestTrialCanBePromoted()
    {
        var searches = App.Services.GetRequiredService<SearchService>();
        var search = await searches.CreateAsync(new SearchRequest(
            new SearchSpace { Architectures = ["mlp"], WidthMin = 0.25, WidthMax = 0.5 },
            new SearchBudget { Trials = 4, MinEpochs = 1, MaxEpochs = 2, Eta = 2, TrainImages = 128, ValidationImages = 100 }));
        await App.Services.GetRequiredService<TrainingQueue>().EnqueueSearchAsync(search.Id);

        var page = Render<Ensemble.Web.Components.Pages.Search>();

        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid=current-search]").GetAttribute("data-status")), TimeSpan.FromSeconds(60));
        Assert.Equal(4, page.FindAll("[data-testid=search-trials-table] tbody tr").Count);
        Assert.Equal("4", page.Find("[data-testid=scatter]").GetAttribute("data-points"));
        Assert.Equal("4", page.Find("[data-testid=search-curves]").GetAttribute("data-series"));
        Assert.Contains("9×1 → 3×3 → 1×9", page.Find("[data-testid=search-plan]").TextContent);

        await page.Find("[data-testid=promote] button, button[data-testid=promote]").ClickAsync(new());

        var stored = await searches.GetAsync(search.Id);
        Assert.NotNull(stored!.PromotedJobId);
        var job = await App.Services.GetRequiredService<TrainingJobService>().GetAsync(stored.PromotedJobId.Value);
        Assert.Equal((SearchService.DefaultFullEpochs, stored.BestTrial), (job!.Options.Epochs, job.SearchTrial));
        Assert.True(await App.Services.GetRequiredService<TrainingJobService>().CancelAsync(job.Id));
    }
}
