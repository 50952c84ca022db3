using Ensemble.Training.Data;
using Microsoft.Extensions.Options;

namespace Ensemble.Core.Jobs;

/// <summary>
/// The Fashion-MNIST splits for training. They are read for each run and dropped after it (60,000 images are 47 MB
/// as bytes; a server that trains once a week should not hold them in between). A missing dataset is reported when
/// a job or search needs it, not at start-up: serving does not need it.
/// </summary>
public sealed class TrainingData(IOptions<TrainingOptionsSection> options)
{
    public string Directory => options.Value.DataDirectory;

    /// <summary>What to tell a user who asks to train without the dataset.</summary>
    public string MissingMessage =>
        $"The training data is not in {Directory}: install it with 'apt-get install dataset-fashion-mnist' or set Training:DataDirectory.";

    public bool IsAvailable => File.Exists(Path.Combine(Directory, "train-images-idx3-ubyte.gz")) || File.Exists(Path.Combine(Directory, "train-images-idx3-ubyte"));

    /// <summary>Reads the three splits; the caller keeps them for one run.</summary>
    /// <exception cref="DatasetNotFoundException">The dataset is not installed.</exception>
    public DatasetSplits Load() => FashionMnist.Load(Directory);
}
