using System.Globalization;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Images;
using Ensemble.Core.Versions;
using Ensemble.Tasks;
using Ensemble.Tasks.Images;
using Ensemble.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// Classify a test row of the task, an uploaded picture, a drawing (image tasks) or typed features (features tasks)
/// and compare each member's probabilities with the ensemble's.
/// </summary>
public partial class Playground
{
    [Inject]
    private EnsembleStore Ensembles { get; set; } = null!;

    [Inject]
    private EnsemblePredictor Predictor { get; set; } = null!;

    [Inject]
    private ImagePreprocessor Images { get; set; } = null!;

    [Inject]
    private ImageLimits Limits { get; set; } = null!;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    private ElementReference _canvas;
    private bool _canvasReady;

    private string EnsembleName { get; set; } = "";

    private int Index { get; set; }

    private bool Invert { get; set; }

    private float[]? Input { get; set; }

    private int? TrueLabel { get; set; }

    private string? Preview { get; set; }

    private string? Top { get; set; }

    /// <summary>How sure the ensemble is of the input shown.</summary>
    private Ensemble.Core.Ensembling.PredictionUncertainty? Doubt { get; set; }

    private bool Abstains { get; set; }

    private string? Error { get; set; }

    private string? FeatureText { get; set; }

    private List<ChartSeries<double>> Series { get; set; } = [];

    private string[] Labels { get; set; } = [];

    private bool IsImage => Definition?.Kind == TaskKind.Image;

    private bool DarkGround => Definition?.Image.Background != ImageBackground.Light;

    protected override async Task OnTaskChangedAsync()
    {
        EnsembleName = Ensembles.DefaultName(TaskName);
        Labels = [.. ClassNames];
        (Input, Preview, Top, Error, TrueLabel, Series) = (null, null, null, null, null, []);
        if (_canvasReady && IsImage)
        {
            await JS.InvokeVoidAsync("ensembleDraw.init", _canvas, DarkGround);
        }

        await PickAsync(0);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The canvas exists only for an image task, so it may appear after the first render.
        if (!_canvasReady && IsImage && _canvas.Context is not null)
        {
            _canvasReady = true;
            await JS.InvokeVoidAsync("ensembleDraw.init", _canvas, DarkGround);
        }
    }

    private async Task ClassifyDrawingAsync()
    {
        var png = await JS.InvokeAsync<string?>("ensembleDraw.toPng", _canvas);
        if (string.IsNullOrEmpty(png) || Definition is not { } task)
        {
            Error = "The drawing could not be read.";
            return;
        }

        try
        {
            TrueLabel = null;
            await Show(Images.Prepare(Convert.FromBase64String(png), task, invert: false));
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
        if (SelectedTask?.TestSamples is not { Count: > 0 } test)
        {
            return Task.CompletedTask;
        }

        Index = Math.Clamp(index, 0, test.Count - 1);
        var input = new float[test.SampleSize];
        test.CopyInput(Index, input);
        TrueLabel = test.Labels[Index];
        if (!IsImage)
        {
            FeatureText = string.Join(", ", input.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));
        }

        return Show(input);
    }

    private Task RandomAsync() => PickAsync(Random.Shared.Next(SelectedTask?.TestSamples?.Count ?? 1));

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null || Definition is not { } task)
        {
            return;
        }

        try
        {
            using var stream = new MemoryStream();
            // The same bound as the REST upload (Images:MaxBytes); a larger file fails here with an IOException that says so.
            await file.OpenReadStream(Limits.MaxBytes).CopyToAsync(stream);
            TrueLabel = null;
            await Show(Images.Prepare(stream.ToArray(), task, Invert));
        }
        catch (Exception e) when (e is InvalidImageException or IOException)
        {
            Error = e.Message;
        }
    }

    private Task ClassifyFeaturesAsync()
    {
        if (Definition is not { } task)
        {
            return Task.CompletedTask;
        }

        var parts = (FeatureText ?? "").Split([',', ' ', '\t', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                Error = $"'{parts[i]}' (value {i + 1}) is not a number.";
                return Task.CompletedTask;
            }
        }

        if (values.Length != task.Input.Features)
        {
            Error = $"Give {task.Input.Features} values; got {values.Length}.";
            return Task.CompletedTask;
        }

        TrueLabel = null;
        return Show(values);
    }

    private Task Show(float[] input)
    {
        Error = null;
        Input = input;
        Preview = IsImage ? SampleImages.ToDataUrl(input, Definition!.Input) : null;
        return PredictAsync();
    }

    private async Task PredictAsync()
    {
        if (Input is null || Ensembles.Active(EnsembleName) is not { } spec)
        {
            return;
        }

        try
        {
            var prediction = await Predictor.PredictAsync(spec, Input, 1);
            Series = [.. prediction.Members.Select(m => new ChartSeries<double> { Name = m.Model, Data = m.Probabilities.Select(p => 100.0 * p).ToArray() })];
            Series.Add(new ChartSeries<double> { Name = $"{spec.Name} v{spec.Version}", Data = prediction.Probabilities.Select(p => 100.0 * p).ToArray() });
            var best = Array.IndexOf(prediction.Probabilities, prediction.Probabilities.Max());
            Top = $"{ClassNames[best]} ({prediction.Probabilities[best]:P1})";
            Doubt = prediction.Uncertainty[0];
            Abstains = prediction.Abstain[0];
        }
        catch (RefusalException e)
        {
            Error = e.Message;
        }
    }
}
