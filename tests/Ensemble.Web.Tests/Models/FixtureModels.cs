using Ensemble.Training.Data;

namespace Ensemble.Web.Tests.Models;

/// <summary>The models under tests/Fixtures that other tools made, put into a task's folder as a user would.</summary>
public static class FixtureModels
{
    public static readonly string PyTorch = Path.Combine(RepositoryPaths.Root, "tests", "Fixtures", "pytorch");
    public static readonly string ScikitLearn = Path.Combine(RepositoryPaths.Root, "tests", "Fixtures", "sklearn");

    /// <summary>Copies each model and sidecar of <paramref name="fixtures"/> that <paramref name="except"/> does not name.</summary>
    public static void CopyInto(string fixtures, string taskDirectory, string? except = null)
    {
        foreach (var file in Directory.GetFiles(fixtures).Where(f => Path.GetExtension(f) is ".onnx" or ".json"))
        {
            var target = Path.Combine(taskDirectory, Path.GetFileName(file));
            if ((except is null || !file.Contains(except, StringComparison.Ordinal)) && !File.Exists(target))
            {
                File.Copy(file, target);
            }
        }
    }
}
