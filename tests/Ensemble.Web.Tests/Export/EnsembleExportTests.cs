using System.Net;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Scoring;
using Ensemble.Core.Versions;
using Ensemble.Web.Tests.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Web.Tests.Export;

/// <summary>
/// A version as one portable ONNX file: valid for onnx.checker, equal to what Ensemble serves over a whole test split
/// when ONNX Runtime runs it, and served by Ensemble itself as one member when dropped into the task's folder.
/// </summary>
public sealed class EnsembleExportTests : IClassFixture<EnsembleAppFactory>
{
    private readonly EnsembleAppFactory _app;
    private readonly HttpClient _client;
    private readonly ModelRegistry _registry;
    private readonly EnsembleStore _store;

    public EnsembleExportTests(EnsembleAppFactory app)
    {
        _app = app;
        _client = app.CreateClient();
        FixtureModels.CopyInto(FixtureModels.PyTorch, app.DigitsDirectory, except: "nine-classes");
        FixtureModels.CopyInto(FixtureModels.ScikitLearn, app.DigitsDirectory);
        _registry = app.Services.GetRequiredService<ModelRegistry>();
        _registry.Reload();
        _store = app.Services.GetRequiredService<EnsembleStore>();
    }

    [Fact]
    public async Task TheUniformEnsemble_Exported_PassesTheChecker_AndMatchesServingOnTheWholeTestSplit()
    {
        var spec = _store.Active(EnsembleAppFactory.Uniform)!;

        var path = await DownloadAsync(spec.Name, spec.Version);

        Assert.Equal("", OnnxChecker.Check(path));
        Assert.True(await WorstDifferenceAsync(path, spec) <= 1e-5f);
    }

    [Fact]
    public async Task AnEnsembleOfPyTorchMembers_WithTemperatures_MatchesServing()
    {
        // Logits, NHWC with its own class order, mean/std input, and a label output beside the probabilities.
        await _store.CreateAsync("torch-mix", EnsembleMethod.WeightedAverage,
            new Dictionary<string, double> { ["torch-logits"] = 1, ["torch-nhwc"] = 2, ["torch-normalized"] = 3, ["torch-two-outputs"] = 4 }, null);
        var active = _store.Active("torch-mix")!;
        var weights = active.Members.ToDictionary(m => m.Model, m => (double)m.Weight);
        await _store.AddVersionAsync("torch-mix", EnsembleMethod.WeightedAverage, weights, Provenance.Manual, null, "tempered", activate: true, calibration:
            new VersionCalibration(new Dictionary<string, float> { ["torch-logits"] = 1.7f, ["torch-nhwc"] = 0.8f, ["torch-two-outputs"] = 1.3f }, Temperature: 1.2f));
        var spec = _store.Active("torch-mix")!;

        var path = await DownloadAsync(spec.Name, spec.Version);

        Assert.Equal(2, spec.Version);
        Assert.Equal("", OnnxChecker.Check(path));
        Assert.True(await WorstDifferenceAsync(path, spec) <= 1e-5f);
    }

    [Fact]
    public async Task AScikitLearnMember_KeepsItsOnnxMlOperators_AndMatchesServing()
    {
        // LinearClassifier and Normalizer live in the ai.onnx.ml domain, which the merged model must import too.
        await _store.CreateAsync("with-sklearn", EnsembleMethod.WeightedAverage,
            new Dictionary<string, double> { ["sklearn-logistic"] = 1, ["torch-logits"] = 2 }, null);
        var spec = _store.Active("with-sklearn")!;

        var path = await DownloadAsync(spec.Name, spec.Version);
        var model = Ensemble.Training.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));

        var check = OnnxChecker.Check(path);
        Assert.True(check == "", check);
        Assert.Contains(model.OpsetImport, o => o.Domain == "ai.onnx.ml" && o.Version == 1);
        Assert.Contains(model.Graph.Node, n => n.OpType == "LinearClassifier" && n.Domain == "ai.onnx.ml");
        Assert.True(await WorstDifferenceAsync(path, spec) <= 1e-5f);
    }

    [Fact]
    public async Task TheExportedFile_DroppedIntoTheTaskFolder_IsServedAsOneMember_WithTheSameAccuracy()
    {
        var spec = _store.Active(EnsembleAppFactory.Uniform)!;
        var path = await DownloadAsync(spec.Name, spec.Version);
        File.Copy(path, Path.Combine(_app.ModelsDirectory, "exported-uniform.onnx"));
        _registry.Reload();
        var scores = _app.Services.GetRequiredService<MemberScores>();
        scores.ScoreMissing(CancellationToken.None);

        var model = _registry.Find("exported-uniform")!;
        var (_, test, _) = scores.Of(model);
        var served = _app.Services.GetRequiredService<EnsembleEvaluator>().Calibration(spec, "test");

        Assert.True(model.IsLoaded, model.Error);
        Assert.Equal(served.Accuracy, test!.Accuracy, 1e-4);
        // Its cost, counted from the merged graph, is what the ensemble's members cost together (to the sidecars' rounding).
        Assert.Equal(EnsembleCost.MegaFlops(spec, _registry)!.Value, model.MegaFlops!.Value, 0.011);
        File.Delete(Path.Combine(_app.ModelsDirectory, "exported-uniform.onnx"));
        _registry.Reload();
    }

    [Fact]
    public async Task AMemberOfAnOpsetTooOld_IsRefused_WithItsName()
    {
        // The committed residual net, declared at opset 11: ONNX Runtime serves it, but merging takes 13 to 17.
        var model = Ensemble.Training.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(_app.ModelsDirectory, "residual.onnx")));
        model.OpsetImport[0].Version = 11;
        await File.WriteAllBytesAsync(Path.Combine(_app.ModelsDirectory, "old-residual.onnx"), Google.Protobuf.MessageExtensions.ToByteArray(model));
        _registry.Reload();
        await _store.CreateAsync("with-old", EnsembleMethod.Average, new Dictionary<string, double> { ["old-residual"] = 1, ["separable"] = 1 }, null);

        var response = await _client.GetAsync("/api/ensembles/with-old/versions/1/onnx");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("'old-residual'", await response.Content.ReadAsStringAsync());
        Assert.Contains("opset 11", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/ensembles/with-old/versions/5/onnx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/ensembles/ghost/versions/1/onnx")).StatusCode);
    }

    private async Task<string> DownloadAsync(string name, int version)
    {
        var response = await _client.GetAsync($"/api/ensembles/{name}/versions/{version}/onnx");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal($"{name}-v{version}.onnx", response.Content.Headers.ContentDisposition?.FileName);
        var path = Path.Combine(_app.RepositoryDirectory, $"{name}-v{version}.onnx");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    // The largest |ONNX Runtime on the file − the served ensemble| over the task's whole test split.
    private async Task<float> WorstDifferenceAsync(string path, EnsembleSpec spec)
    {
        var test = _registry.FindTask(spec.Task)!.TestSamples!;
        var classes = _registry.FindTask(spec.Task)!.Definition!.Classes.Count;
        var predictor = _app.Services.GetRequiredService<EnsemblePredictor>();
        using var session = new InferenceSession(path);
        var shape = new long[] { 0 }.Concat(_registry.FindTask(spec.Task)!.Definition!.Input.Shape.Select(d => (long)d)).ToArray();
        var worst = 0f;
        for (var start = 0; start < test.Count; start += 250)
        {
            var rows = Math.Min(250, test.Count - start);
            var input = new float[rows * test.SampleSize];
            for (var i = 0; i < rows; i++)
            {
                test.CopyInput(start + i, input.AsSpan(i * test.SampleSize, test.SampleSize));
            }

            var served = (await predictor.PredictAsync(spec, input, rows)).Probabilities;
            shape[0] = rows;
            using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var outputs = session.Run(new RunOptions(), ["input"], [value], ["probabilities"]);
            var exported = outputs[0].GetTensorDataAsSpan<float>();
            Assert.Equal(rows * classes, exported.Length);
            for (var i = 0; i < served.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(served[i] - exported[i]));
            }
        }

        return worst;
    }
}
