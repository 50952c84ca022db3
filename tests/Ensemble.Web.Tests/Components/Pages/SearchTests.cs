using Bunit;
using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Searches;
using Ensemble.Core.TrainingJobs;
using Ensemble.Training.Fitting;
using Ensemble.Web.Tests.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class SearchTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public async Task AFinishedSearch_IsDrawnTrialByTrial_AndItsBestTrialCanBePromoted()
    {
        var budget = new SearchBudget { Trials = 4, MinEpochs = 1, MaxEpochs = 2, Eta = 2, TrainImages = 128, ValidationImages = 100 };
        var search = await App.AddAsync(new SearchRecord
        {
            Task = EnsembleAppFactory.Digits,
            Space = new SearchSpace { Architectures = ["mlp"], WidthMin = 0.25, WidthMax = 0.5 },
            Budget = budget,
            Status = RunStatus.Completed,
            EpochsPlanned = 6,
            EpochsDone = 6,
            BestTrial = 3,
            BestValidationAccuracy = 0.61,
        });
        // Two trials stopped after one epoch, two went on to the second: what successive halving stores.
        await App.AddRangeAsync(Enumerable.Range(1, 4).Select(n => new SearchTrialRecord
        {
            SearchId = search.Id,
            Number = n,
            Rung = n >= 3 ? 1 : 0,
            Configuration = new SearchConfiguration("mlp", 0.25f + (0.05f * n), 1e-3f * n, 1e-4f, n % 2 == 0),
            Seed = 1_000 + n,
            Outcome = n >= 3 ? TrialOutcome.Completed : TrialOutcome.Stopped,
            Curve = [.. Enumerable.Range(1, n >= 3 ? 2 : 1).Select(e => new EpochMetrics(e, 1.5, 0.5, 1.4, 0.4 + (0.05 * n) + (0.01 * e), 1, 100, 1e-3f))],
            ValidationAccuracy = 0.4 + (0.05 * n),
        }));

        var page = Render<Ensemble.Web.Components.Pages.Search>();

        Assert.Equal("Completed", page.Find("[data-testid=current-search]").GetAttribute("data-status"));
        Assert.Equal(4, page.FindAll("[data-testid=search-trials-table] tbody tr").Count);
        Assert.Equal("4", page.Find("[data-testid=scatter]").GetAttribute("data-points"));
        Assert.Equal("4", page.Find("[data-testid=search-curves]").GetAttribute("data-series"));
        Assert.Contains("9×1 → 3×3 → 1×9", page.Find("[data-testid=search-plan]").TextContent);
        // Why trial 3 won: its history point, a line per trial through the free dimensions, and their importance.
        Assert.Equal("4", page.Find("[data-testid=search-history]").GetAttribute("data-points"));
        Assert.Equal("4", page.Find("[data-testid=parallel-coordinates]").GetAttribute("data-lines"));
        Assert.Equal(4, page.FindAll("[data-testid=parallel-coordinates] polyline").Count);
        Assert.Equal(["augment", "learningRate", "weightDecay", "width"], page.FindAll("[data-testid=importance-row]").Select(r => r.GetAttribute("data-name")!).Order(StringComparer.Ordinal));

        await page.Find("[data-testid=promote] button, button[data-testid=promote]").ClickAsync(new());

        var searches = App.Services.GetRequiredService<SearchService>();
        var stored = await searches.GetAsync(search.Id);
        Assert.NotNull(stored!.PromotedJobId);
        var jobs = App.Services.GetRequiredService<TrainingJobService>();
        var job = await jobs.GetAsync(stored.PromotedJobId.Value);
        Assert.Equal((SearchService.DefaultFullEpochs, 3, 0.4f), (job!.Options.Epochs, job.SearchTrial, job.Options.Width));
        await jobs.CancelAsync(job.Id);
    }

    [Fact]
    public async Task AnInterruptedSearch_OffersResume_WhichQueuesItAgain()
    {
        var search = await App.AddAsync(new SearchRecord
        {
            Task = EnsembleAppFactory.Digits,
            Space = new SearchSpace { Architectures = ["mlp"] },
            Budget = new SearchBudget { Trials = 2, MinEpochs = 1, MaxEpochs = 2, Eta = 2, TrainImages = 64, ValidationImages = 100 },
            Status = RunStatus.Interrupted,
            EpochsPlanned = 3,
        });
        var page = Render<Ensemble.Web.Components.Pages.Search>();
        var searches = App.Services.GetRequiredService<SearchService>();
        // Three tiny epochs can end before the cancel lands, so the search is held at its first report (on its
        // training thread) until the cancel has been asked for.
        using var cancelAsked = new ManualResetEventSlim();
        using var reporting = new RunHold(App, change => change is { Kind: RunKind.Search, Progress: not null } && change.Id == search.Id, cancelAsked.WaitHandle);

        await page.Find("[data-testid=resume-search] button, button[data-testid=resume-search]").ClickAsync(new());
        await reporting.Reached;
        await searches.CancelAsync(search.Id);
        cancelAsked.Set();

        // The cancel completes on the search's own thread after its held report, which on a loaded machine can take
        // longer than bUnit's default wait of 1 s.
        page.WaitForAssertion(() => Assert.Equal("Cancelled", page.Find("[data-testid=current-search]").GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.Cancelled, (await searches.GetAsync(search.Id))!.Status);
    }
}
