using System.Net.Http.Json;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Endpoints.Predict;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Endpoints.Training;
using Ensemble.Web.Tests.Endpoints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ensemble.Web.Tests.EndToEnd;

public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task TuningFromTheBrowser_AppliesNewWeights_ThatServingThenUses()
    {
        Prerequisite.Require(BrowserFixture.Available, BrowserFixture.MissingMessage);

        using var api = new HttpClient { BaseAddress = fixture.BaseAddress };
        var page = await fixture.Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await Open(page, "/");
        await page.Locator("[data-testid=comparison]").WaitForAsync(new() { Timeout = 60_000 });
        await Screenshot(page, "overview");
        await Open(page, "/ensembles/fashion-mnist-uniform");
        await page.Locator("[data-testid=live-accuracy]").WaitForAsync(new() { Timeout = 60_000 });
        await Screenshot(page, "ensemble-editor");
        await Open(page, "/diversity");
        await page.Locator("[data-testid=confusion]").WaitForAsync(new() { Timeout = 60_000 });
        await Screenshot(page, "diversity");
        await Open(page, "/playground");
        await page.Locator("[data-testid=prediction]").WaitForAsync(new() { Timeout = 30_000 });
        await Screenshot(page, "playground");
        // Draw a stroke on the pad and classify it: the true label goes, a prediction stays.
        var pad = (await page.Locator("[data-testid=canvas]").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(pad.X + pad.Width / 2, pad.Y + 20);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(pad.X + pad.Width / 2, pad.Y + pad.Height - 20, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await page.Locator("[data-testid=classify-drawing]").ClickAsync();
        await page.Locator("[data-testid=true-label]").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        await Screenshot(page, "playground-drawing");

        await Open(page, "/tuning");
        await page.Locator("[data-testid=start-study]").ClickAsync();
        var current = page.Locator("[data-testid=current-study][data-status=Completed]");
        await current.WaitForAsync(new() { Timeout = 120_000 });
        await Screenshot(page, "tuning-completed");
        await page.Locator("[data-testid=apply-study]").ClickAsync();
        await page.Locator("[data-testid=applied]").WaitForAsync(new() { Timeout = 30_000 });
        await Screenshot(page, "tuning-applied");

        var sample = (await api.GetFromJsonAsync<SampleResponse[]>("/api/samples?count=1", ApiClient.Json))![0];
        var response = await (await api.PostAsJsonAsync("/api/predict", new { ensemble = "fashion-mnist-uniform", instances = new[] { new { pixels = sample.Pixels } } }, ApiClient.Json))
            .Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json);

        Assert.Equal(2, response!.Version);
        Assert.NotEqual(0.5f, response.Weights["residual"], 1e-3f);
        // The study fitted temperatures: the members come back already scaled, and the mixture is scaled by the version's own.
        var version = await api.GetFromJsonAsync<EnsembleResponse>("/api/ensembles/fashion-mnist-uniform", ApiClient.Json);
        Assert.NotEqual(1f, version!.Temperature);
        var p = response.Predictions[0];
        var mixture = Enumerable.Range(0, 10).Select(c => response.Weights["residual"] * p.Members["residual"][c] + response.Weights["separable"] * p.Members["separable"][c]).ToArray();
        var expected = new float[10];
        Ensemble.Core.Calibration.TemperatureScaling.Apply(mixture, 10, version.Temperature, expected);
        for (var c = 0; c < 10; c++)
        {
            Assert.Equal(expected[c], p.Probabilities[c], 1e-6);
        }

        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task TheSecondTask_PickedInTheDashboard_IsTunedAndPredictsThroughItsTunedEnsemble()
    {
        Prerequisite.Require(BrowserFixture.Available, BrowserFixture.MissingMessage);

        // The committed digits members join the test app's digits task (which another test may have trained a member
        // of), and an ensemble of the three is made to be tuned.
        foreach (var file in Directory.GetFiles(CommittedTasks.DigitsDirectory, "digits-*.*").Where(f => Path.GetExtension(f) is ".onnx" or ".json"))
        {
            File.Copy(file, Path.Combine(fixture.App.DigitsDirectory, Path.GetFileName(file)), overwrite: true);
        }

        fixture.App.Services.GetRequiredService<Ensemble.Core.Models.ModelRegistry>().Reload();
        using var api = new HttpClient { BaseAddress = fixture.BaseAddress };
        var trio = await api.PostAsJsonAsync("/api/ensembles", new { name = "digits-trio", method = "WeightedAverage", weights = new Dictionary<string, float> { ["digits-mlp"] = 1, ["digits-residual"] = 1, ["digits-separable"] = 1 } }, ApiClient.Json);
        Assert.True(trio.IsSuccessStatusCode, await trio.Content.ReadAsStringAsync());
        var page = await fixture.Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await Open(page, "/tuning");
        await page.Locator("[data-testid=task-picker]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "digits" }).ClickAsync();
        await page.Locator("[data-testid=study-ensemble]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "digits-trio" }).ClickAsync();
        await page.Locator("[data-testid=start-study]").ClickAsync();
        await page.Locator("[data-testid=current-study]").WaitForAsync(new() { Timeout = 30_000 });
        await Screenshot(page, "digits-tuning-started");
        await page.Locator("[data-testid=current-study][data-status=Completed]").WaitForAsync(new() { Timeout = 120_000 });
        await Screenshot(page, "digits-tuning-completed");
        await page.Locator("[data-testid=apply-study]").ClickAsync();
        await page.Locator("[data-testid=applied]", new() { HasTextString = "digits-trio v2" }).WaitForAsync(new() { Timeout = 30_000 });

        // The picker's choice follows the dashboard's links: the playground classifies a digits test image.
        await page.Locator("a[href^='/playground']").First.ClickAsync();
        await page.Locator("[data-testid=prediction]").WaitForAsync(new() { Timeout = 30_000 });
        var address = page.Url;
        await page.Locator("[data-testid=playground-ensemble]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "digits-trio" }).ClickAsync();
        await page.Locator("[data-testid=bars]").WaitForAsync(new() { Timeout = 30_000 });
        await page.GetByText("digits-trio v2").First.WaitForAsync(new() { Timeout = 30_000 });
        await Screenshot(page, "digits-playground");
        var trueLabel = await page.Locator("[data-testid=true-label]").TextContentAsync();
        var answer = await page.Locator("[data-testid=prediction]").TextContentAsync();

        var sample = (await api.GetFromJsonAsync<SampleResponse[]>("/api/samples?task=digits&split=test&count=1", ApiClient.Json))![0];
        var response = await (await api.PostAsJsonAsync("/api/predict", new { ensemble = "digits-trio", instances = new[] { new { pixels = sample.Pixels } } }, ApiClient.Json))
            .Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json);

        Assert.EndsWith("/playground?task=digits", address);
        Assert.Equal(("digits-trio", 2, "digits"), (response!.Ensemble, response.Version, response.Task));
        Assert.Equal(["digits-mlp", "digits-residual", "digits-separable"], response.Weights.Keys.Order());
        Assert.Contains($"True label: {sample.ClassName}", trueLabel);
        Assert.StartsWith($"Ensemble: {response.Predictions[0].Top[0].ClassName} ", answer);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task TrainingFromTheBrowser_ShowsLiveProgress_AndTheNewModelOnTheOverview()
    {
        Prerequisite.Require(BrowserFixture.Available, BrowserFixture.MissingMessage);

        var page = await fixture.Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await Open(page, "/training?task=digits");
        await page.Locator("input[data-testid=job-name], [data-testid=job-name] input").FillAsync("browser-made");
        await page.Locator("[data-testid=job-architecture]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "separable" }).ClickAsync();
        await page.Locator("input[data-testid=job-epochs], [data-testid=job-epochs] input").FillAsync("20");
        await page.Locator("input[data-testid=job-limit], [data-testid=job-limit] input").FillAsync("1000");
        await page.Keyboard.PressAsync("Tab");
        await page.Locator("[data-testid=start-job]").ClickAsync();

        // The running curve grows while the job trains: wait for it to have points, then for more.
        await page.Locator("[data-testid=current-job][data-status=Running]").WaitForAsync(new() { Timeout = 60_000 });
        var chart = page.Locator("[data-testid=job-chart]");
        await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=job-chart]')?.dataset.points > 0", null, new() { Timeout = 60_000 });
        var first = int.Parse(await chart.GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await page.WaitForFunctionAsync("n => +document.querySelector('[data-testid=job-chart]')?.dataset.points > n", first, new() { Timeout = 60_000 });
        await Screenshot(page, "training-running");
        await page.Locator("[data-testid=current-job][data-status=Completed]").WaitForAsync(new() { Timeout = 180_000 });
        await Screenshot(page, "training-completed");
        var epochRows = await page.Locator("[data-testid=job-epochs] tbody tr").CountAsync();

        await Open(page, "/?task=digits");
        await page.Locator("[data-testid=models]", new() { HasTextString = "browser-made" }).WaitForAsync(new() { Timeout = 30_000 });
        await Screenshot(page, "overview-with-new-model");

        // A tiny search, started over REST, drawn on the search page: a curve and a dot per trial.
        using var api = new HttpClient { BaseAddress = fixture.BaseAddress };
        var created = await api.PostAsJsonAsync("/api/training/searches", new
        {
            task = EnsembleAppFactory.Digits,
            space = new { architectures = new[] { "mlp", "separable" }, widthMin = 0.25, widthMax = 0.5 },
            budget = new { trials = 6, minEpochs = 1, maxEpochs = 4, eta = 2, trainImages = 256, validationImages = 200 },
        }, ApiClient.Json);
        Assert.True(created.IsSuccessStatusCode);
        await Open(page, "/search");
        await page.Locator("[data-testid=current-search][data-status=Completed]").WaitForAsync(new() { Timeout = 120_000 });
        await Screenshot(page, "search-completed");

        var scatter = await page.Locator("[data-testid=scatter]").GetAttributeAsync("data-points");
        var curves = await page.Locator("[data-testid=search-curves]").GetAttributeAsync("data-series");

        // A TPE search started from the page: one epoch per trial, the model taking over after five random ones.
        await Open(page, "/search?task=digits");
        await page.Locator("[data-testid=search-sampler]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "TPE" }).ClickAsync();
        await page.Locator("[data-testid=search-mode]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Full" }).ClickAsync();
        await page.Locator("input[data-testid=search-trials], [data-testid=search-trials] input").FillAsync("6");
        await page.Locator("input[data-testid=search-max-epochs], [data-testid=search-max-epochs] input").FillAsync("1");
        await page.Locator("input[data-testid=search-train-images], [data-testid=search-train-images] input").FillAsync("256");
        await page.Keyboard.PressAsync("Tab");
        await page.Locator("[data-testid=search-plan]", new() { HasTextString = "6×1" }).WaitForAsync(new() { Timeout = 10_000 });
        await page.Locator("[data-testid=start-search]").ClickAsync();
        await page.Locator("[data-testid=current-search][data-status=Completed]", new() { HasTextString = "Tpe" }).WaitForAsync(new() { Timeout = 180_000 });
        await page.Locator("[data-testid=parallel-coordinates]").WaitForAsync(new() { Timeout = 30_000 });
        await Screenshot(page, "search-tpe");
        var searches = await api.GetFromJsonAsync<SearchResponse[]>("/api/training/searches", ApiClient.Json);

        Assert.True(first > 0);
        Assert.Equal(20, epochRows);
        Assert.Equal("6", scatter);
        Assert.Equal("6", curves);
        Assert.Equal("Tpe", searches![0].Settings.Budget.Sampler.ToString());
        Assert.Equal(6, searches[0].Results.EpochsDone);
        Assert.Equal("6", await page.Locator("[data-testid=search-history]").GetAttributeAsync("data-points"));
        Assert.Equal("6", await page.Locator("[data-testid=parallel-coordinates]").GetAttributeAsync("data-lines"));
        Assert.True(await page.Locator("[data-testid=importance-row]").CountAsync() >= 4);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task CalibrationFromTheBrowser_SetsAnAbstainThreshold_ThatServingThenFlags()
    {
        Prerequisite.Require(BrowserFixture.Available, BrowserFixture.MissingMessage);

        using var api = new HttpClient { BaseAddress = fixture.BaseAddress };
        var created = await api.PostAsJsonAsync("/api/ensembles", new { name = "browser-careful", method = "Average", weights = new Dictionary<string, float> { ["residual"] = 1, ["separable"] = 1 } }, ApiClient.Json);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var page = await fixture.Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await Open(page, "/calibration");
        await page.Locator("[data-testid=calibration-table]").WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("[data-testid=calibration-ensemble]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "browser-careful" }).ClickAsync();
        await page.Locator("[data-testid=calibration-table] tbody tr", new() { HasTextString = "browser-careful v1" }).WaitForAsync(new() { Timeout = 60_000 });
        await Screenshot(page, "calibration");
        await page.Locator("[data-testid=set-threshold]").ClickAsync();
        await page.Locator("[data-testid=threshold-applied]").WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("[data-testid=threshold-marker]").WaitForAsync(new() { Timeout = 30_000 });
        await Screenshot(page, "calibration-threshold");
        var download = await page.Locator("[data-testid=download-onnx]").GetAttributeAsync("href");

        var version = await api.GetFromJsonAsync<EnsembleResponse>("/api/ensembles/browser-careful", ApiClient.Json);
        var samples = (await api.GetFromJsonAsync<SampleResponse[]>("/api/samples?split=test&count=64", ApiClient.Json))!;
        var response = await (await api.PostAsJsonAsync("/api/predict", new { ensemble = "browser-careful", instances = samples.Select(s => new { pixels = s.Pixels }) }, ApiClient.Json))
            .Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json);

        Assert.Equal(2, version!.Version);
        var threshold = version.AbstainBelow!.Value;
        Assert.Equal(response!.Predictions.Select(p => p.Probabilities.Max() < threshold), response.Predictions.Select(p => p.Abstain));
        Assert.Contains(response.Predictions, p => p.Abstain);
        Assert.Equal("/api/ensembles/browser-careful/versions/2/onnx", download);
        Assert.Empty(errors);
    }

    // Buttons ignore clicks until the circuit is interactive: wait for the layout's marker, not for time.
    private async Task Open(IPage page, string path)
    {
        await page.GotoAsync(new Uri(fixture.BaseAddress, path).ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
    }

    private Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, $"{name}.png"), FullPage = true });
}
