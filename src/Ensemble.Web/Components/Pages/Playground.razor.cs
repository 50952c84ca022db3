using Ensemble.Core.Ensembling;
using Ensemble.Core.Images;
using Ensemble.Core.Models;
using Ensemble.Core.Samples;
using Ensemble.Training.Images;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;
using SkiaSharp;

namespace Ensemble.Web.Components.Pages;

/// <summary>Classify a test image or an uploaded one and compare each member's probabilities with the ensemble's.</summary>
public partial class Playground
{
    [Inject]
    private EnsembleStore Ensembles { get; set; } = null!;

    [Inject]
    private EnsemblePredictor Predictor { get; set; } = null!;

    [Inject]
    private SampleStore Samples { get; set; } = null!;

    [Inject]
    private ImagePreprocessor Images { get; set; } = null!;

    [Inject]
    private ImageLimits Limits { get; set; } = null!;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    private ElementReference _canvas;

    private string EnsembleName { get; set; } = EnsembleStore.Uniform;

    private int Index { get; set; }

    private bool Invert { get; set; }

    private float[]? Pixels { get; set; }

    private int? TrueLabel { get; set; }

    private string? Preview { get; set; }

    private string? Top { get; set; }

    private string? Error { get; set; }

    private List<ChartSeries<double>> Series { get; set; } = [];

    private string[] Labels { get; } = [.. ModelRegistry.ClassNames];

    protected override Task OnInitializedAsync() => PickAsync(0);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await JS.InvokeVoidAsync("ensembleDraw.init", _canvas);
        }
    }

    private async Task ClassifyDrawingAsync()
    {
        var png = await JS.InvokeAsync<string?>("ensembleDraw.toPng", _canvas);
        if (string.IsNullOrEmpty(png))
        {
            Error = "The drawing could not be read.";
            return;
        }

        try
        {
            TrueLabel = null;
            await Show(Images.Prepare(Convert.FromBase64String(png), invert: false));
        }
        catch (Exception e) when (e is InvalidImageException or FormatException)
        {
            Error = e.Message;
        }
    }

    private async Task ClearDrawingAsync() => await JS.InvokeVoidAsync("ensembleDraw.clear", _canvas);

    private Task SelectEnsembleAsync(string name)
    {
        EnsembleName = name;
        return PredictAsync();
    }

    private Task PickAsync(int index)
    {
        Index = Math.Clamp(index, 0, Samples.Test.Count - 1);
        var pixels = new float[ModelRegistry.Pixels];
        Samples.Test.CopyScaled(Index, pixels);
        TrueLabel = Samples.Test.Labels[Index];
        return Show(pixels);
    }

    private Task RandomAsync() => PickAsync(Random.Shared.Next(Samples.Test.Count));

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        try
        {
            using var stream = new MemoryStream();
            // The same bound as the REST upload (Images:MaxBytes); a larger file fails here with an IOException that says so.
            await file.OpenReadStream(Limits.MaxBytes).CopyToAsync(stream);
            TrueLabel = null;
            await Show(Images.Prepare(stream.ToArray(), Invert));
        }
        catch (Exception e) when (e is InvalidImageException or IOException)
        {
            Error = e.Message;
        }
    }

    private Task Show(float[] pixels)
    {
        Error = null;
        Pixels = pixels;
        Preview = ToDataUrl(pixels);
        return PredictAsync();
    }

    private async Task PredictAsync()
    {
        if (Pixels is null || Ensembles.Active(EnsembleName) is not { } spec)
        {
            return;
        }

        try
        {
            var prediction = await Predictor.PredictAsync(spec, Pixels, 1);
            Series = [.. prediction.Members.Select(m => new ChartSeries<double> { Name = m.Model, Data = m.Probabilities.Select(p => 100.0 * p).ToArray() })];
            Series.Add(new ChartSeries<double> { Name = $"{spec.Name} v{spec.Version}", Data = prediction.Probabilities.Select(p => 100.0 * p).ToArray() });
            var best = Array.IndexOf(prediction.Probabilities, prediction.Probabilities.Max());
            Top = $"{ModelRegistry.ClassNames[best]} ({prediction.Probabilities[best]:P1})";
        }
        catch (RefusalException e)
        {
            Error = e.Message;
        }
    }

    private static string ToDataUrl(float[] pixels)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        var span = bitmap.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i++)
        {
            span[i] = (byte)Math.Clamp(pixels[i] * 255f, 0f, 255f);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return "data:image/png;base64," + Convert.ToBase64String(png.AsSpan());
    }
}
