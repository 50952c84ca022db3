using Ensemble.Training.Data;

namespace Ensemble.Web.Tests;

/// <summary>
/// A training-data folder in the Debian package's layout (train-* and t10k-* IDX files) made from the committed
/// evaluation splits, so the app's training jobs and searches run in tests on a fresh clone. Its "training" file is
/// the committed test split (its last 5,000 images become validation, as the app splits any training file) and its
/// test file is the committed validation split: real Fashion-MNIST images, far fewer than the package's 60,000,
/// which is all these tests need. One folder for the whole test run.
/// </summary>
public static class CommittedTrainingData
{
    private static readonly Lazy<string> Folder = new(Create);

    public static string Directory => Folder.Value;

    private static string Create()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("ensemble-training-data").FullName;
        var (validation, test) = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData);
        Write(test, folder, "train");
        Write(validation, folder, "t10k");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(folder, recursive: true);
        return folder;
    }

    private static void Write(LabeledImages images, string folder, string prefix)
    {
        IdxFile.Write(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), [images.Count, images.Height, images.Width], images.Pixels, gzip: true);
        IdxFile.Write(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"), [images.Count], images.Labels, gzip: true);
    }
}
