using System.Text.Json.Nodes;
using Ensemble.Core.Batching;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Web.Tests.Models;

/// <summary>
/// A member with horizontal-flip test-time augmentation (its sidecar says so): it serves the mean of the model on the
/// image and on its mirror, through the direct and the batched paths alike, and the portable ONNX file does the same.
/// </summary>
public sealed class TestTimeAugmentationTests : IClassFixture<TestTimeAugmentationTests.BatchedApp>
{
    private readonly EnsembleAppFactory _app;
    private readonly ModelRegistry _registry;

    public TestTimeAugmentationTests(BatchedApp batched)
    {
        var app = _app = batched.Factory;
        _ = app.CreateClient();
        _registry = app.Services.GetRequiredService<ModelRegistry>();
        var target = Path.Combine(app.ModelsDirectory, "residual-tta.onnx");
        if (!File.Exists(target))
        {
            File.Copy(Path.Combine(app.ModelsDirectory, "residual.onnx"), target);
            var sidecar = JsonNode.Parse(File.ReadAllText(Path.Combine(app.ModelsDirectory, "residual.json")))!;
            sidecar["testTimeAugmentation"] = "horizontalFlip";
            File.WriteAllText(Path.Combine(app.ModelsDirectory, "residual-tta.json"), sidecar.ToJsonString());
            _registry.Reload();
        }
    }

    [Fact]
    public void ItsCost_IsTwoForwardPasses() =>
        Assert.Equal(2 * _registry.Find("residual")!.MegaFlops!.Value, _registry.Find("residual-tta")!.MegaFlops!.Value, 1e-9);

    [Fact]
    public async Task Serving_IsTheMeanOfTheModelOnTheImageAndItsMirror_DirectAndBatched()
    {
        var model = _registry.Find("residual-tta")!;
        Assert.True(model.IsLoaded, model.Error);
        var (input, rows) = TestImages(40);
        var mirrored = Mirror(input);
        using var session = new InferenceSession(model.Path);
        var plain = Run(session, input, rows);
        var flipped = Run(session, mirrored, rows);
        var expected = plain.Zip(flipped, (a, b) => (a + b) / 2).ToArray();

        var direct = new float[rows * 10];
        model.Run(input, rows, direct);
        var spec = new EnsembleSpec("residual-tta", 1, EnsembleMethod.Average, [new EnsembleMember("residual-tta", model.Sha256, 1f)], Pinned: false) { Task = EnsembleAppFactory.Task };
        // The batched app runs every request through the model's queue.
        var batched = await Task.WhenAll(Enumerable.Range(0, rows).Select(r =>
            _app.Services.GetRequiredService<EnsemblePredictor>().PredictAsync(spec, input[(r * 784)..((r + 1) * 784)], 1)));

        Assert.Equal(expected, direct, new FloatTolerance(1e-6f));
        Assert.Equal(expected, batched.SelectMany(p => p.Probabilities), new FloatTolerance(1e-6f));
        Assert.True(_app.Services.GetRequiredService<BatchScheduler>().Enabled);
    }

    [Fact]
    public async Task ThePortableFile_MirrorsAndAveragesToo()
    {
        var store = _app.Services.GetRequiredService<EnsembleStore>();
        if (store.Active("with-tta") is null)
        {
            await store.CreateAsync("with-tta", EnsembleMethod.WeightedAverage, new Dictionary<string, double> { ["residual-tta"] = 2, ["separable"] = 1 }, null);
        }

        var spec = store.Active("with-tta")!;
        var file = Path.Combine(_app.RepositoryDirectory, "with-tta.onnx");
        await File.WriteAllBytesAsync(file, _app.Services.GetRequiredService<Core.Export.EnsembleExport>().Export(spec));
        var (input, rows) = TestImages(64);
        using var session = new InferenceSession(file);

        var served = (await _app.Services.GetRequiredService<EnsemblePredictor>().PredictAsync(spec, input, rows)).Probabilities;

        Assert.Equal(served, Run(session, input, rows), new FloatTolerance(1e-5f));
        Assert.Equal("", Ensemble.Testing.OnnxChecker.Check(file));
    }

    [Fact]
    public void StudyTables_TellTheFlippedMemberFromThePlainOne_ThoughTheirFilesAreOne()
    {
        var table = _app.Services.GetRequiredService<Core.Scoring.MemberProbabilityCache>().Table(["residual", "residual-tta"], "test");
        var (input, rows) = TestImages(64);

        foreach (var (name, member) in new[] { ("residual", 0), ("residual-tta", 1) })
        {
            var expected = new float[rows * 10];
            _registry.Find(name)!.Run(input, rows, expected);
            Assert.Equal(expected, table.MemberProbabilities(member).AsSpan(300 * 10, rows * 10).ToArray(), new FloatTolerance(1e-5f));
        }
    }

    private (float[] Input, int Rows) TestImages(int rows)
    {
        var test = _registry.FindTask(EnsembleAppFactory.Task)!.TestSamples!;
        var input = new float[rows * 784];
        test.CopyInputs(300, rows, input);

        return (input, rows);
    }

    private static float[] Mirror(float[] input)
    {
        var mirrored = new float[input.Length];
        for (var start = 0; start < input.Length; start += 28)
        {
            for (var x = 0; x < 28; x++)
            {
                mirrored[start + x] = input[start + 27 - x];
            }
        }

        return mirrored;
    }

    private static float[] Run(InferenceSession session, float[] input, int rows)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, [rows, 1, 28, 28]);
        using var outputs = session.Run(new RunOptions(), [session.InputNames[0]], [value], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The app with dynamic batching on, so requests go through the models' queues.</summary>
    public sealed class BatchedApp : IDisposable
    {
        public EnsembleAppFactory Factory { get; } = new() { Settings = new Dictionary<string, string> { ["Batching:Mode"] = "On", ["Batching:MaxQueueDelayMicroseconds"] = "2000" } };

        public void Dispose() => Factory.Dispose();
    }
}
