using Ensemble.Tasks.Data;

namespace Ensemble.Tasks.Tests.Data;

public sealed class FashionMnistTests
{
    [SkippableFact]
    public void TheDebianPackage_SplitsIntoTheFixedSplits_WhoseEvaluationPartIsWhatTheRepositoryCommits()
    {
        Prerequisite.Require(File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz")),
            $"Fashion-MNIST is not in {FashionMnist.DefaultDirectory}: install Debian's dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist) to check the committed splits against it.");

        var package = FashionMnist.Load(FashionMnist.DefaultDirectory);
        var (validation, test) = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData);

        Assert.Equal((FashionMnist.TrainCount, FashionMnist.ValidationCount, 10_000), (package.Train.Count, package.Validation.Count, package.Test.Count));
        Assert.Equal(package.Validation.Pixels, validation.Pixels);
        Assert.Equal(package.Validation.Labels, validation.Labels);
        Assert.Equal(package.Test.Pixels, test.Pixels);
        Assert.Equal(package.Test.Labels, test.Labels);
    }
}
