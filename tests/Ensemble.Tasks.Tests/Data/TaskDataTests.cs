using Ensemble.Tasks.Data;
using SkiaSharp;

namespace Ensemble.Tasks.Tests.Data;

/// <summary>Every split format, read as the task's raw input; the NPZ fixtures' values follow make_npz.py's formulas.</summary>
public sealed class TaskDataTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("task-data").FullName;

    [Fact]
    public void Npz_GrayscaleNHW_ServesPixelsOver255()
    {
        Copy("images_nhw.npz", "validation.npz");

        var samples = TaskData.Load(Image(1, 4, 3, classes: 3), _data, "validation")!;

        Assert.True(samples.IsBytes);
        Assert.Equal(5, samples.Count);
        Assert.Equal([0, 1, 2, 0, 1], samples.Labels);
        var input = Input(samples, 2);
        Assert.Equal(NpzFixtures.Pixel(2, 0, 3, 1) * (1f / 255f), input[3 * 3 + 1]);
    }

    [Fact]
    public void Npz_ChannelsLast_IsServedChannelsFirst()
    {
        Copy("images_nhwc.npz", "test.npz");

        var samples = TaskData.Load(Image(3, 3, 2, classes: 2), _data, "test")!;

        Assert.Equal(4, samples.Count);
        for (var n = 0; n < 4; n++)
        {
            var input = Input(samples, n);
            for (var c = 0; c < 3; c++)
            {
                for (var h = 0; h < 3; h++)
                {
                    for (var w = 0; w < 2; w++)
                    {
                        Assert.Equal(NpzFixtures.Pixel(n, c, h, w) * (1f / 255f), input[(c * 3 + h) * 2 + w]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Npz_FloatNCHW_IsServedAsStored()
    {
        Copy("images_nchw_float.npz", "train.npz");

        var samples = TaskData.Load(Image(2, 4, 5, classes: 2), _data, "train")!;

        Assert.False(samples.IsBytes);
        var input = Input(samples, 1);
        Assert.Equal((float)(NpzFixtures.Pixel(1, 1, 2, 3) / 255.0), input[(1 * 4 + 2) * 5 + 3]);
    }

    [Fact]
    public void Npz_Features_AreServedRowByRow()
    {
        Copy("features.npz", "validation.npz");

        var samples = TaskData.Load(Features(4, classes: 3), _data, "validation")!;

        Assert.Equal(6, samples.Count);
        Assert.Equal([5 / 2f, 5 / 2f - 0.25f, 5 / 2f - 0.5f, 5 / 2f - 0.75f], Input(samples, 5));
    }

    [Fact]
    public void Csv_Features_CheckTheTasksFeatureNames()
    {
        File.WriteAllLines(Path.Combine(_data, "test.csv"), ["b,a,label", "1,2,class 1", "3,4,class 0"]);
        var task = Features(2, classes: 2) with { Input = TaskInput.Vector(2, ["b", "a"]) };

        var samples = TaskData.Load(task, _data, "test")!;
        var renamed = Assert.Throws<InvalidDataException>(() => TaskData.Load(task with { Input = TaskInput.Vector(2, ["a", "b"]) }, _data, "test"));

        Assert.Equal([1, 0], samples.Labels);
        Assert.Equal([3f, 4f], Input(samples, 1));
        Assert.Contains("are not the task's (a, b)", renamed.Message);
    }

    [Fact]
    public void Idx_TheCommittedFashionMnistSplit_ReadsAsA1x28x28Task()
    {
        var samples = TaskData.Load(Image(1, 28, 28, classes: 10), RepositoryPaths.EvaluationData, "validation")!;
        var (validation, _) = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData);

        Assert.Equal(5_000, samples.Count);
        Assert.Equal(validation.Labels.Select(l => (int)l), samples.Labels);
        var expected = new float[784];
        validation.CopyScaled(4_321, expected);
        Assert.Equal(expected, Input(samples, 4_321));
    }

    [Fact]
    public void ImageFolder_OneFolderPerClass_InClassThenNameOrder()
    {
        var task = Image(1, 2, 2, classes: 2) with { Classes = ["cat", "dog"] };
        Picture("validation/dog/a.png", SKColors.Black);
        Picture("validation/cat/b.png", new SKColor(128, 128, 128));
        Picture("validation/cat/a.png", SKColors.White);
        File.WriteAllText(Path.Combine(_data, "validation", "cat", ".DS_Store"), "");

        var samples = TaskData.Load(task, _data, "validation")!;

        Assert.Equal([0, 0, 1], samples.Labels);
        Assert.Equal([1f, 1f, 1f, 1f], Input(samples, 0));
        Assert.All(Input(samples, 1), v => Assert.Equal(128 / 255f, v, 1e-5f));
        Assert.Equal([0f, 0f, 0f, 0f], Input(samples, 2));
    }

    [Fact]
    public void ImageFolder_ForeignFoldersAndStrayFiles_AreNamed()
    {
        var task = Image(1, 2, 2, classes: 2) with { Classes = ["cat", "dog"] };
        Picture("test/cat/a.png", SKColors.White);
        Picture("test/bird/a.png", SKColors.White);
        File.WriteAllText(Path.Combine(_data, "test", "labels.txt"), "");

        var error = Assert.Throws<InvalidDataException>(() => TaskData.Load(task, _data, "test"));

        Assert.Contains("one folder per class (cat, dog) and nothing else; it also holds bird/, labels.txt", error.Message);
    }

    [Fact]
    public void ImageFolder_AFileThatIsNotAPicture_IsNamed()
    {
        var task = Image(1, 2, 2, classes: 2) with { Classes = ["cat", "dog"] };
        Picture("train/cat/a.png", SKColors.White);
        Directory.CreateDirectory(Path.Combine(_data, "train", "dog"));
        File.WriteAllText(Path.Combine(_data, "train", "dog", "b.png"), "not a picture");

        var error = Assert.Throws<InvalidDataException>(() => TaskData.Load(task, _data, "train"));

        Assert.Contains("train/dog/b.png: The data is not a PNG or JPEG image.", error.Message);
    }

    [Fact]
    public void AMissingSplit_IsNull()
    {
        Assert.Null(TaskData.Load(Image(1, 4, 3, classes: 3), _data, "train"));
    }

    [Theory]
    [InlineData("images_nhw.npz", 1, 3, 4, "x is (5, 4, 3)")]
    [InlineData("images_nhwc.npz", 1, 3, 2, "x is (4, 3, 2, 3)")]
    [InlineData("features.npz", 1, 6, 4, "x is (6, 4)")]
    public void AShapeThatIsNotTheTasks_SaysBothShapes(string fixture, int channels, int height, int width, string reason)
    {
        Copy(fixture, "validation.npz");

        var error = Assert.Throws<InvalidDataException>(() => TaskData.Load(Image(channels, height, width, classes: 3), _data, "validation"));

        Assert.Contains(reason, error.Message);
        Assert.Contains($"[N, {height}, {width}]", error.Message);
    }

    [Fact]
    public void ALabelBeyondTheClasses_NamesTheRow()
    {
        Copy("images_nhw.npz", "validation.npz");

        var error = Assert.Throws<InvalidDataException>(() => TaskData.Load(Image(1, 4, 3, classes: 2), _data, "validation"));

        Assert.Contains("row 2 has class 2; the task has 2 classes", error.Message);
    }

    [Fact]
    public void ASplitStoredTwice_IsAmbiguous()
    {
        Copy("features.npz", "validation.npz");
        File.WriteAllLines(Path.Combine(_data, "validation.csv"), ["a,b,c,d,label", "1,2,3,4,0"]);

        var error = Assert.Throws<InvalidDataException>(() => TaskData.Load(Features(4, classes: 3), _data, "validation"));

        Assert.Contains("stored twice (validation.npz and validation.csv)", error.Message);
    }

    [Fact]
    public void CsvForAnImageTask_SaysWhichFormatsFit()
    {
        File.WriteAllLines(Path.Combine(_data, "validation.csv"), ["a,label", "1,0"]);

        var error = Assert.Throws<InvalidDataException>(() => TaskData.Load(Image(1, 1, 1, classes: 2), _data, "validation"));

        Assert.Contains("CSV holds features tasks' splits", error.Message);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static TaskDefinition Image(int channels, int height, int width, int classes) =>
        new("t", "", TaskKind.Image, TaskInput.Image(channels, height, width), ClassNames(classes), new ImagePreparation());

    private static TaskDefinition Features(int features, int classes) =>
        new("t", "", TaskKind.Features, TaskInput.Vector(features), ClassNames(classes), new ImagePreparation());

    private static string[] ClassNames(int count) => [.. Enumerable.Range(0, count).Select(i => $"class {i}")];

    private static float[] Input(LabeledSamples samples, int index)
    {
        var input = new float[samples.SampleSize];
        samples.CopyInput(index, input);
        return input;
    }

    private void Picture(string relative, SKColor color)
    {
        var path = Path.Combine(_data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, TestImages.Png(2, 2, color));
    }

    private void Copy(string fixture, string name) => File.Copy(NpzFixtures.Path(fixture), Path.Combine(_data, name));
}
