using Ensemble.Core.Adapters;
using Ensemble.Core.Models;
using Ensemble.Core.Scoring;
using Ensemble.Tasks.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Models;

/// <summary>
/// Models nobody on the team wrote: PyTorch classifiers for the digits task exported with torch.onnx.export
/// (tests/Fixtures/pytorch/make_fixtures.py), served through their adapters. PyTorch's own softmaxed, reordered
/// outputs on the test split (expected.npz) are the oracle.
/// </summary>
public sealed class PyTorchModelTests : IClassFixture<EnsembleAppFactory>
{
    private readonly EnsembleAppFactory _app;
    private readonly ModelRegistry _registry;

    public PyTorchModelTests(EnsembleAppFactory app)
    {
        _app = app;
        _ = app.CreateClient();
        FixtureModels.CopyInto(FixtureModels.PyTorch, app.DigitsDirectory);

        _registry = app.Services.GetRequiredService<ModelRegistry>();
        _registry.Reload();
    }

    [Theory]
    [InlineData("torch-logits")]
    [InlineData("torch-nhwc")]
    [InlineData("torch-normalized")]
    [InlineData("torch-two-outputs")]
    public void ServedProbabilities_EqualPyTorchs_WithinOneInTenThousand(string name)
    {
        var model = _registry.Find(name)!;
        Assert.True(model.IsLoaded, model.Error);
        var served = FixtureModels.ServedOnTestSplit(model);

        var expected = Expected(name);
        var worst = FixtureModels.WorstDifference(expected, served);
        Assert.True(worst <= 1e-4f, $"max |served − PyTorch| = {worst:G3}");
    }

    [Theory]
    [InlineData("torch-logits")]
    [InlineData("torch-nhwc")]
    [InlineData("torch-normalized")]
    [InlineData("torch-two-outputs")]
    public void ComputedTestAccuracy_EqualsPyTorchs(string name)
    {
        var scores = _app.Services.GetRequiredService<MemberScores>();
        scores.ScoreMissing(CancellationToken.None);
        var model = _registry.Find(name)!;
        var labels = model.Task!.TestSamples!.Labels;
        var expected = Expected(name);
        var correct = Enumerable.Range(0, labels.Length).Count(r => IndexOfMax(expected.AsSpan(r * 10, 10)) == labels[r]);

        var (_, test, source) = scores.Of(model);

        Assert.Equal("computed", source);
        Assert.Equal((double)correct / labels.Length, test!.Accuracy, 1e-12);
    }

    [Fact]
    public void EachAdapter_IsWhatTheModelAndItsSidecarSay()
    {
        var logits = _registry.Find("torch-logits")!.Adapter!;
        var nhwc = _registry.Find("torch-nhwc")!.Adapter!;
        var normalized = _registry.Find("torch-normalized")!.Adapter!;
        var two = _registry.Find("torch-two-outputs")!.Adapter!;

        // Found by probing the validation rows: raw logits are not probability rows.
        Assert.Equal((OutputKind.Logits, true, "x", "logits"), (logits.OutputKind, logits.OutputKindDetected, logits.InputName, logits.OutputName));
        Assert.Equal((InputLayout.Nhwc, OutputKind.Probabilities, true), (nhwc.Layout, nhwc.OutputKind, nhwc.OutputKindDetected));
        Assert.Equal([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], nhwc.ClassOrder);
        Assert.Equal((OutputKind.Logits, false, 16f), (normalized.OutputKind, normalized.OutputKindDetected, normalized.Scale));
        Assert.Equal([4.9f], normalized.Mean);
        Assert.Equal([6f], normalized.Std);
        // The int64 label output is passed over for the float [N,10] one.
        Assert.Equal(("probabilities", OutputKind.Probabilities), (two.OutputName, two.OutputKind));
    }

    [Theory]
    [InlineData("torch-logits")]
    [InlineData("torch-nhwc")]
    [InlineData("torch-normalized")]
    [InlineData("torch-two-outputs")]
    public void TheCost_IsCountedFromTheGraph_AsWorkedByHand(string name)
    {
        var model = _registry.Find(name)!;

        // make_fixtures.py's net on 8×8 digits: conv 1→16 3×3 at 8×8 (2·16·64·9 = 18,432), conv 16→32 3×3 at 4×4
        // after pooling (2·32·16·144 = 147,456), linear 32→10 (2·10·32 = 640). The layout, softmax and argmax add none.
        Assert.Equal(166_528, FlopCounter.FlopsPerRow(File.ReadAllBytes(model.Path), model.Adapter!));
        Assert.Equal(0.17, model.MegaFlops);
    }

    [Fact]
    public void AModelWithTheWrongClassCount_IsRefused_SayingSo()
    {
        var model = _registry.Find("torch-nine-classes")!;

        Assert.False(model.IsLoaded);
        Assert.Equal("digits", model.TaskName);
        Assert.Contains("its output 'logits' is float [N,9]: 9 classes, but its task has 10", model.Error);
    }

    private static float[] Expected(string name) => NpzArchive.Read(Path.Combine(FixtureModels.PyTorch, "expected.npz"))[name.Replace('-', '_')].ToSingles();

    private static int IndexOfMax(ReadOnlySpan<float> row) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
}
