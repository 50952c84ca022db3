using Ensemble.Tasks.Data;
using Ensemble.Training.Networks;
using Ensemble.Training.Tensors;

namespace Ensemble.Benchmarks;

/// <summary>Real Fashion-MNIST test images (from models/fashion-mnist/data or the Debian package), random ones if neither is there.</summary>
internal static class BenchmarkData
{
    private static readonly LabeledImages? Images = Load();

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The committed task's input and class count, which the benchmarked presets are built for.</summary>
    public static TensorShape Input { get; } = new(1, 28, 28);

    public const int Classes = 10;

    /// <summary>A preset built for the committed Fashion-MNIST task.</summary>
    public static Network Network(string architecture) => Architectures.Create(architecture, seed: 0, width: 1f, Input, Classes);

    public static (Tensor Batch, int[] Labels) Batch(int size, int offset = 0)
    {
        var batch = new Tensor(Input, size);
        var labels = new int[size];
        var random = new SplitMix64(42);
        for (var i = 0; i < size; i++)
        {
            if (Images is not null)
            {
                var index = (offset + i) % Images.Count;
                Images.CopyScaled(index, batch.Sample(i));
                labels[i] = Images.Labels[index];
            }
            else
            {
                for (var j = 0; j < Input.Size; j++)
                {
                    batch.Sample(i)[j] = random.NextSingle();
                }

                labels[i] = random.NextInt(Classes);
            }
        }

        return (batch, labels);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ensemble.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from the repository: Ensemble.sln not found above the binaries.");
    }

    private static LabeledImages? Load()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var data = Path.Combine(dir.FullName, "models", "fashion-mnist", "data");
            if (Directory.Exists(data))
            {
                return FashionMnist.LoadEvaluation(data).Test;
            }
        }

        try
        {
            return FashionMnist.LoadEvaluation(FashionMnist.DefaultDirectory).Test;
        }
        catch (DatasetNotFoundException)
        {
            return null;
        }
    }
}
