using Bunit;
using Ensemble.Web.Components.Pages;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class PlaygroundTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public async Task PickingATestImage_ShowsItsPreviewTrueLabelAndTheEnsemblesAnswer()
    {
        var page = Render<Playground>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=prediction]")));

        var index = page.FindComponent<MudNumericField<int>>();
        await page.InvokeAsync(() => index.Instance.ValueChanged.InvokeAsync(0));

        // Test image 0 is an ankle boot, and both committed models get it right.
        page.WaitForAssertion(() => Assert.Contains("Ankle boot", page.Find("[data-testid=true-label]").TextContent));
        Assert.Contains("Ankle boot", page.Find("[data-testid=prediction]").TextContent);
        Assert.StartsWith("data:image/png;base64,", page.Find("[data-testid=preview]").GetAttribute("src"));
        // Its doubt, as the predictor measures it for the same image.
        var spec = App.Services.GetRequiredService<Core.Versions.EnsembleStore>().Active(EnsembleAppFactory.Uniform)!;
        var pixels = new float[784];
        App.Services.GetRequiredService<Core.Models.ModelRegistry>().FindTask(EnsembleAppFactory.Task)!.TestSamples!.CopyInput(0, pixels);
        var expected = (await App.Services.GetRequiredService<Core.Ensembling.EnsemblePredictor>().PredictAsync(spec, pixels, 1)).Uncertainty[0];
        var uncertainty = page.Find("[data-testid=uncertainty]");
        Assert.Equal(expected.Entropy, double.Parse(uncertainty.GetAttribute("data-entropy")!, System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Contains("of the members agree", uncertainty.TextContent);
        Assert.Empty(page.FindAll("[data-testid=abstain]"));
    }

    [Fact]
    public async Task ClassifyingADrawing_PreparesTheCanvasImage_AndPredicts()
    {
        // A white vertical bar on black, as the canvas would hand it over.
        var png = Convert.ToBase64String(TestImages.Png(60, 280, SkiaSharp.SKColors.White));
        JSInterop.Setup<string?>("ensembleDraw.toPng", _ => true).SetResult(png);
        var page = Render<Playground>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=prediction]")));

        await page.Find("[data-testid=classify-drawing] button, button[data-testid=classify-drawing]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=true-label]")));
        Assert.NotNull(page.Find("[data-testid=prediction]"));
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "ensembleDraw.init");
    }
}
