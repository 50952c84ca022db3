using Ensemble.Training.Data;
using Ensemble.Training.Tensors;

namespace Ensemble.Benchmarks;

/// <summary>Real Fashion-MNIST test images (from models/fashion-mnist/data or the Debian package), random ones if neither is there.</summary>
internal static class BenchmarkData
{
    private static readonly LabeledImages? Images = Load();

    public static string RepositoryRoot { get; } = FindRoot();

    public static (Tensor Batch, byte[] Labels) Batch(int size, int offset = 0)
    {
        var batch = new Tensor(new TensorShape(1, 28, 28), size);
        var labels = new byte[size];
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
                for (var j = 0; j < 784; j++)
                {
                    batch.Sample(i)[j] = random.NextSingle();
                }

                labels[i] = (byte)random.NextInt(10);
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
