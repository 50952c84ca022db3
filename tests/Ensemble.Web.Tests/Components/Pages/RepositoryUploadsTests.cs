using Bunit;
using Ensemble.Core.Models;
using Ensemble.Web.Components.Tasks;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Components.Pages;

public sealed class RepositoryUploadsTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    private static readonly string Fixtures = Models.FixtureModels.PyTorch;

    [Fact]
    public void AModelPickedWithItsSidecar_IsAddedToTheTask_AndOneThatWouldNotServeIsNot()
    {
        var upload = Render<RepositoryUploads>(p => p.Add(u => u.TaskName, EnsembleAppFactory.Digits));
        var modelInput = upload.FindComponents<InputFile>()[0];

        modelInput.UploadFiles(
            InputFileContent.CreateFromBinary(File.ReadAllBytes(Path.Combine(Fixtures, "torch-nhwc.onnx")), "torch-nhwc.onnx"),
            InputFileContent.CreateFromBinary(File.ReadAllBytes(Path.Combine(Fixtures, "torch-nhwc.json")), "torch-nhwc.json"));
        modelInput.UploadFiles(InputFileContent.CreateFromBinary(File.ReadAllBytes(Path.Combine(Fixtures, "torch-nine-classes.onnx")), "torch-nine-classes.onnx"));

        var registry = App.Services.GetRequiredService<ModelRegistry>();
        upload.WaitForAssertion(() => Assert.True(registry.Find("torch-nhwc")?.IsLoaded));
        Assert.Equal(Ensemble.Core.Adapters.InputLayout.Nhwc, registry.Find("torch-nhwc")!.Adapter!.Layout);
        Assert.True(File.Exists(Path.Combine(App.DigitsDirectory, "torch-nhwc.json")));
        Assert.Null(registry.Find("torch-nine-classes"));
        Assert.False(File.Exists(Path.Combine(App.DigitsDirectory, "torch-nine-classes.onnx")));
    }
}
