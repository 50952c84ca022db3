
namespace Ensemble.Tasks.Tests;

public sealed class TaskDefinitionTests
{
    [Fact]
    public void AnImageTask_ReadsItsInputClassesAndPreparation()
    {
        var task = TaskDefinition.Parse(
            """{ "description": "8×8 digits", "kind": "image", "input": { "channels": 1, "height": 8, "width": 8 }, "classes": ["0", "1", "2"], "image": { "fit": "stretch", "background": "light" } }""",
            "digits");

        Assert.Equal("digits", task.Name);
        Assert.Equal("8×8 digits", task.Description);
        Assert.Equal(TaskKind.Image, task.Kind);
        Assert.Equal([1, 8, 8], task.Input.Shape);
        Assert.Equal(64, task.Input.Size);
        Assert.Equal(["0", "1", "2"], task.Classes);
        Assert.Equal(new ImagePreparation(ImageFit.Stretch, ImageBackground.Light), task.Image);
    }

    [Fact]
    public void AFeaturesTask_KeepsItsFeatureNames_AndItsOwnName()
    {
        var task = TaskDefinition.Parse(
            """{ "name": "wine", "kind": "features", "input": { "features": 2, "names": ["alcohol", "ash"] }, "classes": ["a", "b"], }""",
            "folder");

        Assert.Equal("wine", task.Name);
        Assert.Equal(TaskKind.Features, task.Kind);
        Assert.Equal([2], task.Input.Shape);
        Assert.Equal(["alcohol", "ash"], task.Input.Names!);
        Assert.Null(task.DefaultEnsemble);
    }

    [Fact]
    public void ADefaultEnsemble_IsReadTrimmed()
    {
        var task = TaskDefinition.Parse("""{ "kind": "features", "input": { "features": 2 }, "classes": ["a", "b"], "defaultEnsemble": " wine-tuned " }""", "wine");

        Assert.Equal("wine-tuned", task.DefaultEnsemble);
    }

    [Fact]
    public void EveryProblem_IsReported_NotOnlyTheFirst()
    {
        var error = Assert.Throws<InvalidTaskException>(() => TaskDefinition.Parse(
            """{ "kind": "image", "input": { "channels": 5, "height": 0, "width": 8 }, "classes": ["a", "a", "b"], "image": { "fit": "zoom" } }""",
            "broken"));

        Assert.Equal("broken", error.Task);
        Assert.Equal(4, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("input.channels is 5"));
        Assert.Contains(error.Problems, p => p.Contains("input.height is 0"));
        Assert.Contains(error.Problems, p => p.Contains("repeats 'a'"));
        Assert.Contains(error.Problems, p => p.Contains("image.fit is 'zoom'"));
    }

    [Theory]
    [InlineData("""{ "kind": "audio", "classes": ["a", "b"] }""", "kind is 'audio'")]
    [InlineData("""{ "kind": "features", "input": { "features": 3, "names": ["x"] }, "classes": ["a", "b"] }""", "1 names for 3 features")]
    [InlineData("""{ "kind": "features", "input": { "features": 3 }, "classes": ["a"] }""", "at least two class names")]
    [InlineData("""{ "kind": "image", "input": { "features": 3 }, "classes": ["a", "b"] }""", "needs channels, height and width")]
    [InlineData("""{ "kind": "image", """, "not valid JSON")]
    [InlineData("""{ "kind": "features", "input": { "features": 3 }, "classes": ["a", "b"], "defaultEnsemble": " " }""", "defaultEnsemble is empty")]
    public void AnUnusableTask_SaysWhy(string json, string reason)
    {
        var error = Assert.Throws<InvalidTaskException>(() => TaskDefinition.Parse(json, "t"));

        Assert.Contains(error.Problems, p => p.Contains(reason));
    }

    [Fact]
    public void AFolderWithoutTaskJson_IsReportedByName()
    {
        var folder = Directory.CreateTempSubdirectory("no-task").FullName;
        try
        {
            var error = Assert.Throws<InvalidTaskException>(() => TaskDefinition.Read(folder));

            Assert.Equal(Path.GetFileName(folder), error.Task);
            Assert.Contains("task.json is missing.", error.Problems);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
