namespace Ensemble.Tasks.Data;

/// <summary>
/// Fashion-MNIST and its fixed splits: train = the first 55,000 training images, validation = the last 5,000,
/// test = the 10,000-image test file. Reads the Debian package's layout (train-*/t10k-*) or the
/// validation-*/test-* files this project ships in models/fashion-mnist/data.
/// </summary>
public static class FashionMnist
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The committed task's folder name under models/.</summary>
    public const string TaskName = "fashion-mnist";
    public const int TrainCount = 55_000;
    public const int ValidationCount = 5_000;

    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>All three splits from the full dataset (the Debian package's files).</summary>
    public static (LabeledImages Train, LabeledImages Validation, LabeledImages Test) Load(string directory)
    {
        var all = ReadPair(directory, "train", required: true)!;
        if (all.Count <= ValidationCount)
        {
            throw new InvalidDataException($"{directory} has only {all.Count} training images; Fashion-MNIST has 60,000.");
        }

        var trainCount = all.Count - ValidationCount;
        return (all.Slice(0, trainCount), all.Slice(trainCount, ValidationCount), ReadPair(directory, "t10k", required: true)!);
    }

    /// <summary>The validation and test splits, from either the full dataset or the shipped evaluation files.</summary>
    public static (LabeledImages Validation, LabeledImages Test) LoadEvaluation(string directory)
    {
        var validation = ReadPair(directory, "validation", required: false);
        if (validation is not null)
        {
            return (validation, ReadPair(directory, "test", required: true)!);
        }

        var splits = Load(directory);
        return (splits.Validation, splits.Test);
    }

    /// <summary>Writes validation-* and test-* IDX files (gzipped), so apps and tests run without the package; the class names live in the task's task.json.</summary>
    public static void WriteEvaluationSplits(LabeledImages validation, LabeledImages test, string directory)
    {
        Directory.CreateDirectory(directory);
        Write(validation, directory, "validation");
        Write(test, directory, "test");
    }

    private static void Write(LabeledImages images, string directory, string prefix)
    {
        IdxFile.Write(Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"), [images.Count, images.Height, images.Width], images.Pixels, gzip: true);
        IdxFile.Write(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"), [images.Count], images.Labels, gzip: true);
    }

    private static LabeledImages? ReadPair(string directory, string prefix, bool required)
    {
        var imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");
        if (imagesPath is null || labelsPath is null)
        {
            return required
                ? throw new DatasetNotFoundException(
                    $"Fashion-MNIST not found in {directory} (no {prefix}-images/labels IDX files); install it with 'apt-get install dataset-fashion-mnist' or pass --data DIR.")
                : null;
        }

        var (imageDims, pixels) = IdxFile.Read(imagesPath);
        var (labelDims, labels) = IdxFile.Read(labelsPath);
        if (imageDims.Length != 3 || labelDims.Length != 1 || imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"{imagesPath} and {labelsPath} do not describe the same images.");
        }

        if (labels.Any(l => l >= ClassNames.Count))
        {
            throw new InvalidDataException($"{labelsPath} has labels outside 0..{ClassNames.Count - 1}.");
        }

        return new LabeledImages(pixels, labels, imageDims[1], imageDims[2]);
    }

    private static string? Find(string directory, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
