using Ensemble.Training.Data;
using Microsoft.Extensions.Options;

namespace Ensemble.Core.Jobs;

/// <summary>
/// The Fashion-MNIST splits for training, read once on first use (60,000 images are 47 MB as bytes). A missing
/// dataset is reported when a job or search needs it, not at start-up: serving does not need it.
/// </summary>
public sealed class TrainingData(IOptions<TrainingOptionsSection> options)
{
    private readonly Lock _loading = new();
    private DatasetSplits? _splits;

    public string Directory => options.Value.DataDirectory;

    /// <summary>What to tell a user who asks to train without the dataset.</summary>
    public string MissingMessage =>
        $"The training data is not in {Directory}: install it with 'apt-get install dataset-fashion-mnist' or set Training:DataDirectory.";

    public bool IsAvailable => _splits is not null || File.Exists(Path.Combine(Directory, "train-images-idx3-ubyte.gz")) || File.Exists(Path.Combine(Directory, "train-images-idx3-ubyte"));

    /// <exception cref="DatasetNotFoundException">The dataset is not installed.</exception>
    public DatasetSplits Splits
    {
        get
        {
            lock (_loading)
            {
                return _splits ??= FashionMnist.Load(Directory);
            }
        }
    }
}
