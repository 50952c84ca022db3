using Ensemble.Tasks;
using Ensemble.Tasks.Data;
using Ensemble.Training.Data;

namespace Ensemble.Training.Tests.Data;

public sealed class TrainingSplitsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("training-splits").FullName;

    [Fact]
    public void TheCommittedDigitsTask_ShipsItsTrainSplit_WithNoHeldOutImageInIt()
    {
        var (splits, dropped) = TrainingSplits.Load(CommittedTasks.DigitsDirectory);

        Assert.Equal("digits", splits.Task.Name);
        Assert.Equal((1_079, 359, 359), (splits.Train.Count, splits.Validation.Count, splits.Test.Count));
        Assert.Equal(0, dropped);
    }

    [Fact]
    public void ATrainSplitFromElsewhere_LosesTheImagesItSharesWithValidationAndTest()
    {
        // Fashion-MNIST's layout: the "training file" holds the validation split, as Debian's package does.
        var task = Path.Combine(_folder, "fashion-mnist");
        var source = Path.Combine(_folder, "source");
        Directory.CreateDirectory(task);
        Directory.CreateDirectory(source);
        File.Copy(Path.Combine(RepositoryPaths.ModelsDirectory, TaskDefinition.FileName), Path.Combine(task, TaskDefinition.FileName));
        Directory.CreateSymbolicLink(Path.Combine(task, TrainingSplits.DataFolder), RepositoryPaths.EvaluationData);
        var (validation, _) = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData);
        var pixels = validation.Pixels.Concat(new byte[28 * 28 * 2]).ToArray();
        IdxFile.Write(Path.Combine(source, "train-images-idx3-ubyte"), [validation.Count + 2, 28, 28], pixels, gzip: false);
        IdxFile.Write(Path.Combine(source, "train-labels-idx1-ubyte"), [validation.Count + 2], [.. validation.Labels, 0, 1], gzip: false);

        var (splits, dropped) = TrainingSplits.Load(task, source);

        Assert.Equal(validation.Count, dropped);
        Assert.Equal([0, 1], splits.Train.Labels);
        Directory.Delete(Path.Combine(task, TrainingSplits.DataFolder));
    }

    [Fact]
    public void WithoutATrainSplit_TheErrorSaysWhereItLooked()
    {
        var task = Path.Combine(_folder, "digits");
        Directory.CreateDirectory(Path.Combine(task, TrainingSplits.DataFolder));
        File.Copy(Path.Combine(CommittedTasks.DigitsDirectory, TaskDefinition.FileName), Path.Combine(task, TaskDefinition.FileName));
        foreach (var split in new[] { "validation", "test" })
        {
            File.Copy(Path.Combine(CommittedTasks.DigitsDirectory, "data", split + ".npz"), Path.Combine(task, "data", split + ".npz"));
        }

        var error = Assert.Throws<DatasetNotFoundException>(() => TrainingSplits.Load(task, Path.Combine(_folder, "elsewhere")));

        Assert.Contains("has no train split in", error.Message);
        Assert.Contains("elsewhere", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
