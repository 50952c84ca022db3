namespace Ensemble.Testing;

/// <summary>Locates the repository's committed files (models, evaluation data) from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The model repository: one folder per task.</summary>
    public static string ModelsRepository => Path.Combine(Root, "models");

    /// <summary>The committed default task's folder (task.json, its members, data/).</summary>
    public static string ModelsDirectory => Path.Combine(Root, "models", "fashion-mnist");

    public static string EvaluationData => Path.Combine(ModelsDirectory, "data");

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
