using Ensemble.Training.Data;

namespace Ensemble.Training.Tests;

/// <summary>Locates the repository's committed files and the dataset the tests read.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ModelsDirectory => Path.Combine(Root, "models");

    public static string EvaluationData => Path.Combine(Root, "models", "data");

    /// <summary>The full Fashion-MNIST (Debian's dataset-fashion-mnist); CI installs it.</summary>
    public static DatasetSplits FullDataset() => FashionMnist.Load(Environment.GetEnvironmentVariable("FASHION_MNIST_DIR") ?? FashionMnist.DefaultDirectory);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ensemble.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Ensemble.sln not found above the test binaries.");
    }
}
