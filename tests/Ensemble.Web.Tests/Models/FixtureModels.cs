using Ensemble.Core.Models;

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

    /// <summary>What <paramref name="model"/> serves for every image of its task's test split, row after row.</summary>
    public static float[] ServedOnTestSplit(RegisteredModel model)
    {
        var test = model.Task!.TestSamples!;
        var input = new float[test.Count * test.SampleSize];
        test.CopyInputs(0, test.Count, input);

        var served = new float[test.Count * model.Task.Definition!.Classes.Count];
        model.Run(input, test.Count, served);
        return served;
    }

    /// <summary>The largest |expected − actual| over two equally long arrays.</summary>
    public static float WorstDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
    }
}
