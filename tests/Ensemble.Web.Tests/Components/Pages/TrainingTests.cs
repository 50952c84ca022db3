using Bunit;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.TrainingJobs;
using Ensemble.Training.Fitting;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class TrainingTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    private static readonly TrainingOptions Options = new() { Architecture = "mlp", Width = 0.5f, Epochs = 2, Limit = 200 };

    [Fact]
    public async Task ACompletedJob_ShowsItsEpochsCurvesAndModel_AndTheFormStartsFromThePreset()
    {
        await App.AddAsync(new TrainingJobRecord
        {
            Options = Options,
            Status = RunStatus.Completed,
            RequestedName = "paged",
            ModelName = "paged",
            ModelSha256 = new string('a', 64),
            Epochs = [new EpochMetrics(1, 1.2, 0.6, 1.0, 0.65, 2.0, 100, 0.002f), new EpochMetrics(2, 0.9, 0.7, 0.8, 0.72, 2.0, 100, 0.001f)],
            ValidationAccuracy = 0.72,
            ValidationLogLoss = 0.8,
            TestAccuracy = 0.71,
            TestLogLoss = 0.82,
            Parameters = 1234,
            Threads = 1,
            TrainingSeconds = 4,
        });

        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/training?task=digits");
        var page = Render<Ensemble.Web.Components.Pages.Training>();

        Assert.Equal("Completed", page.Find("[data-testid=current-job]").GetAttribute("data-status"));
        Assert.Equal(2, page.FindAll("[data-testid=job-epochs] tbody tr").Count);
        Assert.Equal("2", page.Find("[data-testid=job-chart]").GetAttribute("data-points"));
        Assert.Contains("Registered paged: validation 72.00 %, test 71.00 %", page.Find("[data-testid=job-status-line]").TextContent);
        Assert.Contains("paged", page.Find("[data-testid=jobs]").TextContent);
        Assert.Equal("residual", page.Find("[data-testid=job-architecture]").TextContent.Trim());
        Assert.Equal("20", page.Find("[data-testid=job-epochs] input, input[data-testid=job-epochs]").GetAttribute("value"));
        Assert.Empty(page.FindAll("[data-testid=no-data]"));
    }

    [Fact]
    public async Task TheFormsRegularizers_ReachTheQueuedJob()
    {
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/training?task=digits");
        var page = Render<Ensemble.Web.Components.Pages.Training>();
        var before = (await App.Services.GetRequiredService<TrainingJobService>().ListAsync()).Select(j => j.Id).ToHashSet();

        await Set(page, "job-epochs", 1);
        await Set<int?>(page, "job-limit", 64);
        await Set(page, "job-erasing", 0.3f);
        await Set(page, "job-smoothing", 0.1f);
        await Set(page, "job-cutmix", 0.4f);
        await page.Find("[data-testid=start-job] button, button[data-testid=start-job]").ClickAsync(new());

        var job = Assert.Single(await App.Services.GetRequiredService<TrainingJobService>().ListAsync(), j => !before.Contains(j.Id));
        Assert.Equal((1, (int?)64, 0.3f, 0.1f, 0.4f), (job.Options.Epochs, job.Options.Limit, job.Options.RandomErasing, job.Options.LabelSmoothing, job.Options.CutMix));
    }

    private static Task Set<T>(IRenderedComponent<Ensemble.Web.Components.Pages.Training> page, string testId, T value)
    {
        var field = page.FindComponents<MudBlazor.MudNumericField<T>>().Single(f => Equals(f.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));
        return page.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(value));
    }

    [Fact]
    public void ATaskWithoutItsTrainSplit_SaysWhereItWasLookedFor_AndCannotStart()
    {
        // The default task here is Fashion-MNIST, whose train split the test app points at a missing folder.
        var page = Render<Ensemble.Web.Components.Pages.Training>();

        Assert.Contains("has no train split", page.Find("[data-testid=no-data]").TextContent);
        Assert.Contains("dataset-fashion-mnist", page.Find("[data-testid=no-data]").TextContent);
        Assert.True(page.Find("[data-testid=start-job]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ARunningJob_ShowsTheProgressTheEngineReports_AsItArrives()
    {
        var job = await App.AddAsync(new TrainingJobRecord { Options = Options, Status = RunStatus.Running });
        var page = Render<Ensemble.Web.Components.Pages.Training>();
        page.Find($"[data-testid=current-job][data-status=Running]");

        // What the trainer reports half way through the first epoch; no model trains in this test.
        var curve = new[] { new CurvePoint(0.25, 2.1, 0.3), new CurvePoint(0.5, 1.7, 0.45) };
        App.Services.GetRequiredService<RunEngine>().Report(RunKind.TrainingJob, job.Id, new TrainingProgress(1, 2, 5, 10, 1.7, 0.45, 321, TimeSpan.FromSeconds(30), curve));

        page.WaitForAssertion(() => Assert.Contains("Epoch 1/2 · batch 5/10 · 321 images/s", page.Find("[data-testid=job-status-line]").TextContent));
        Assert.Equal("2", page.Find("[data-testid=job-chart]").GetAttribute("data-points"));
        Assert.Equal("25", page.Find("[data-testid=job-progress]").GetAttribute("aria-valuenow"));
    }
}
