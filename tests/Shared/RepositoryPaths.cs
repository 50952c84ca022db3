namespace Ensemble.Testing;

/// <summary>Locates the repository's committed files (models, evaluation data) from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ModelsDirectory => Path.Combine(Root, "models");

    public static string EvaluationData => Path.Combine(Root, "models", "data");

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
