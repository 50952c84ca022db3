using Ensemble.Core.Adapters;
using Ensemble.Core.Models;
using Ensemble.Tasks.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Models;

/// <summary>
/// A scikit-learn classifier as skl2onnx writes one with zipmap off (tests/Fixtures/sklearn/make_fixtures.py):
/// ai.onnx.ml operators on a flat input of raw 0..16 pixels, a label beside the probabilities. scikit-learn's own
/// predict_proba on the digits test split (expected.npz) is the oracle.
/// </summary>
public sealed class ScikitLearnModelTests : IClassFixture<EnsembleAppFactory>
{
    private readonly ModelRegistry _registry;

    public ScikitLearnModelTests(EnsembleAppFactory app)
    {
        _ = app.CreateClient();
        FixtureModels.CopyInto(FixtureModels.ScikitLearn, app.DigitsDirectory);
        _registry = app.Services.GetRequiredService<ModelRegistry>();
        _registry.Reload();
    }

    [Fact]
    public void ItsAdapter_IsFlat_ScaledBySixteen_ReadingTheProbabilities()
    {
        var model = _registry.Find("sklearn-logistic")!;
        Assert.True(model.IsLoaded, model.Error);

        var adapter = model.Adapter!;

        Assert.Equal((InputLayout.Flat, 16f, "float_input"), (adapter.Layout, adapter.Scale, adapter.InputName));
        Assert.Equal(("probabilities", OutputKind.Probabilities), (adapter.OutputName, adapter.OutputKind));
    }

    [Fact]
    public void ItsCost_IsUnknown_ForItsClassifierIsAnOpOfAnotherDomain()
    {
        var model = _registry.Find("sklearn-logistic")!;

        // LinearClassifier (ai.onnx.ml) does its work inside one op the count cannot see into: no number beats a wrong one.
        Assert.True(model.IsLoaded, model.Error);
        Assert.Null(FlopCounter.FlopsPerRow(File.ReadAllBytes(model.Path), model.Adapter!));
        Assert.Null(model.MegaFlops);
    }

    [Fact]
    public void ServedProbabilities_EqualScikitLearnsPredictProba()
    {
        var model = _registry.Find("sklearn-logistic")!;
        var served = FixtureModels.ServedOnTestSplit(model);

        var expected = NpzArchive.Read(Path.Combine(FixtureModels.ScikitLearn, "expected.npz"))["sklearn_logistic"].ToSingles();
        var worst = FixtureModels.WorstDifference(expected, served);
        Assert.True(worst <= 1e-5f, $"max |served − scikit-learn| = {worst:G3}");
    }
}
