using Bunit;
using Ensemble.Core.Jobs;
using Ensemble.Web.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class TrainingTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public async Task TheFormStartsFromThePreset_AndThePageFollowsAJobToItsModel()
    {
        var jobs = App.Services.GetRequiredService<TrainingJobService>();
        var job = await jobs.CreateAsync(new TrainingJobRequest(Name: "paged", Architecture: "mlp", Width: 0.5f, Epochs: 2, Limit: 200));
        await App.Services.GetRequiredService<TrainingQueue>().EnqueueJobAsync(job.Id);

        var page = Render<Ensemble.Web.Components.Pages.Training>();

        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid=current-job]").GetAttribute("data-status")), TimeSpan.FromSeconds(60));
        Assert.Equal(2, page.FindAll("[data-testid=job-epochs] tbody tr").Count);
        Assert.Equal("2", page.Find("[data-testid=job-chart]").GetAttribute("data-points"));
        Assert.Contains("Registered paged", page.Find("[data-testid=job-status-line]").TextContent);
        Assert.Contains("paged", page.Find("[data-testid=jobs]").TextContent);
        Assert.Equal("residual", page.Find("[data-testid=job-architecture]").TextContent.Trim());
        Assert.Equal("20", page.Find("[data-testid=job-epochs] input, input[data-testid=job-epochs]").GetAttribute("value"));
        Assert.Empty(page.FindAll("[data-testid=no-data]"));
    }
}
