using Ensemble.Tasks.Images;

namespace Ensemble.Tasks.Data;

/// <summary>
/// Reads a task's split ("train", "validation" or "test") from its data folder, in whichever of the formats it is
/// stored: a folder <c>&lt;split&gt;/</c> with a sub-folder of PNG or JPEG pictures per class (image tasks; each
/// picture is prepared as an upload is), <c>&lt;split&gt;.npz</c> (arrays x and y), <c>&lt;split&gt;.csv</c> (features tasks), or the IDX pair
/// <c>&lt;split&gt;-images-idx3-ubyte[.gz]</c> and <c>&lt;split&gt;-labels-idx1-ubyte[.gz]</c>. Whatever the format,
/// the result is the task's raw input, channels first, and every shape and label is checked against the task.
/// </summary>
public static class TaskData
{
    /// <summary>The most pixels a picture in an image folder may declare, as for uploads.</summary>
    public const long MaxPicturePixels = 4096L * 4096;

    /// <summary>The split, or null when the folder does not have it.</summary>
    /// <exception cref="InvalidDataException">The split is there but does not fit the task, with the reason.</exception>
    public static LabeledSamples? Load(TaskDefinition task, string dataDirectory, string split)
    {
        var folder = Path.Combine(dataDirectory, split);
        var npz = Path.Combine(dataDirectory, split + ".npz");
        var csv = Path.Combine(dataDirectory, split + ".csv");
        var idx = IdxPath(dataDirectory, $"{split}-images-idx3-ubyte");
        string[] found = [.. new[] { npz, csv, idx }.Where(File.Exists).Select(Path.GetFileName)!, .. Directory.Exists(folder) ? [split + "/"] : Array.Empty<string>()];
        if (found.Length > 1)
        {
            throw new InvalidDataException($"The {split} split is stored twice ({string.Join(" and ", found)}); keep one.");
        }

        return found.Length == 0 ? null
            : Directory.Exists(folder) ? FromImageFolder(task, folder)
            : File.Exists(npz) ? FromNpz(task, npz)
            : File.Exists(csv) ? FromCsv(task, csv)
            : FromIdx(task, idx, IdxPath(dataDirectory, $"{split}-labels-idx1-ubyte"));
    }

    // torchvision's ImageFolder layout: one sub-folder per class, named as the class, holding PNG or JPEG files.
    private static LabeledSamples FromImageFolder(TaskDefinition task, string folder)
    {
        var split = Path.GetFileName(folder);
        if (task.Kind != TaskKind.Image)
        {
            throw new InvalidDataException($"{split}/: folders of pictures hold image tasks' splits; store a features task's split as .csv or .npz.");
        }

        var strays = Directory.EnumerateFiles(folder).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).ToList();
        var foreign = Directory.EnumerateDirectories(folder).Select(Path.GetFileName).Where(d => !task.Classes.Contains(d!)).ToList();
        if (strays.Count > 0 || foreign.Count > 0)
        {
            throw new InvalidDataException(
                $"{split}/ must hold one folder per class ({string.Join(", ", task.Classes)}) and nothing else; it also holds {string.Join(", ", [.. foreign.Select(d => d + "/"), .. strays])}.");
        }

        var values = new List<float>();
        var labels = new List<int>();
        for (var label = 0; label < task.Classes.Count; label++)
        {
            var classFolder = Path.Combine(folder, task.Classes[label]);
            if (!Directory.Exists(classFolder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(classFolder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                var name = $"{split}/{task.Classes[label]}/{Path.GetFileName(file)}";
                if (Path.GetExtension(file).ToLowerInvariant() is not (".png" or ".jpg" or ".jpeg"))
                {
                    throw new InvalidDataException($"{name} is not a .png, .jpg or .jpeg file.");
                }

                try
                {
                    values.AddRange(PictureReader.Read(File.ReadAllBytes(file), task.Input, task.Image, invert: false, MaxPicturePixels));
                }
                catch (InvalidImageException e)
                {
                    throw new InvalidDataException($"{name}: {e.Message}", e);
                }

                labels.Add(label);
            }
        }

        return labels.Count > 0
            ? LabeledSamples.FromFloats([.. values], [.. labels], task.Input.Size)
            : throw new InvalidDataException($"{split}/ holds no pictures.");
    }

    private static LabeledSamples FromNpz(TaskDefinition task, string path)
    {
        var file = Path.GetFileName(path);
        var arrays = NpzArchive.Read(path);
        if (!arrays.TryGetValue("x", out var x) || !arrays.TryGetValue("y", out var y))
        {
            throw new InvalidDataException($"{file} needs arrays x (inputs) and y (class indices); it has {string.Join(", ", arrays.Keys)}.");
        }

        if (y.Shape.Length != 1 || x.Shape.Length == 0 || x.Shape[0] != y.Shape[0])
        {
            throw new InvalidDataException($"{file}: y must hold one class index per row of x; x is {NpyArray.Describe(x.Shape)} and y is {NpyArray.Describe(y.Shape)}.");
        }

        var labels = Labels(task, y.ToInt32s($"y in {file}"), file);
        var count = x.Shape[0];
        if (task.Kind == TaskKind.Features)
        {
            if (x.Shape.Length != 2 || x.Shape[1] != task.Input.Features)
            {
                throw new InvalidDataException($"{file}: x is {NpyArray.Describe(x.Shape)}; the task takes [N, {task.Input.Features}].");
            }

            return LabeledSamples.FromFloats(x.ToSingles(), labels, task.Input.Size);
        }

        var (c, h, w) = (task.Input.Channels, task.Input.Height, task.Input.Width);
        var channelsLast = x.Shape switch
        {
            [_, var a, var b] when c == 1 && a == h && b == w => false,
            [_, var a, var b, var d] when a == c && b == h && d == w => false,
            [_, var a, var b, var d] when a == h && b == w && d == c => true,
            _ => throw new InvalidDataException(
                $"{file}: x is {NpyArray.Describe(x.Shape)}; the task's {task.Input} images are stored as [N, {h}, {w}] (one channel), [N, {c}, {h}, {w}] or [N, {h}, {w}, {c}]."),
        };
        if (x.Type == NpyType.UInt8)
        {
            return LabeledSamples.FromBytes(channelsLast ? ToChannelsFirst(x.Data, count, h * w, c) : x.Data, labels, task.Input.Size);
        }

        var values = x.ToSingles();
        if (values.Length > 0 && (values.Min() < 0 || values.Max() > 1))
        {
            throw new InvalidDataException($"{file}: x holds values from {values.Min()} to {values.Max()}; image pixels are floats in [0, 1] or bytes 0..255.");
        }

        return LabeledSamples.FromFloats(channelsLast ? ToChannelsFirst(values, count, h * w, c) : values, labels, task.Input.Size);
    }

    private static LabeledSamples FromCsv(TaskDefinition task, string path)
    {
        var file = Path.GetFileName(path);
        if (task.Kind != TaskKind.Features)
        {
            throw new InvalidDataException($"{file}: CSV holds features tasks' splits; store an image task's split as .npz, IDX files or a folder of images.");
        }

        var (features, names, labels) = FeatureCsv.Read(path, task.Classes);
        if (names.Count != task.Input.Features)
        {
            throw new InvalidDataException($"{file} has {names.Count} feature columns; the task takes {task.Input.Features}.");
        }

        if (task.Input.Names is { } expected && !expected.SequenceEqual(names, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{file}'s feature columns ({string.Join(", ", names)}) are not the task's ({string.Join(", ", expected)}), in that order.");
        }

        return LabeledSamples.FromFloats(features, Labels(task, labels, file), task.Input.Size);
    }

    private static LabeledSamples FromIdx(TaskDefinition task, string imagesPath, string labelsPath)
    {
        var file = Path.GetFileName(imagesPath);
        if (!File.Exists(labelsPath))
        {
            throw new InvalidDataException($"{file} has no labels beside it ({Path.GetFileName(labelsPath)}).");
        }

        var (imageDims, pixels) = IdxFile.Read(imagesPath);
        var (labelDims, labels) = IdxFile.Read(labelsPath);
        if (task.Kind != TaskKind.Image || task.Input.Channels != 1 || imageDims is not [var n, var h, var w] || h != task.Input.Height || w != task.Input.Width)
        {
            throw new InvalidDataException($"{file} holds {NpyArray.Describe(imageDims)} grayscale images; the task takes {task.Input} {task.Kind.ToString().ToLowerInvariant()} input.");
        }

        if (labelDims is not [var m] || m != n)
        {
            throw new InvalidDataException($"{Path.GetFileName(labelsPath)} holds {NpyArray.Describe(labelDims)} labels for {n} images.");
        }

        return LabeledSamples.FromBytes(pixels, Labels(task, [.. labels.Select(l => (int)l)], Path.GetFileName(labelsPath)), task.Input.Size);
    }

    private static int[] Labels(TaskDefinition task, int[] labels, string file)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)task.Classes.Count)
            {
                throw new InvalidDataException($"{file}: row {i} has class {labels[i]}; the task has {task.Classes.Count} classes (0 to {task.Classes.Count - 1}).");
            }
        }

        return labels;
    }

    // [N, H·W, C] to [N, C, H·W].
    private static T[] ToChannelsFirst<T>(T[] values, int count, int plane, int channels)
    {
        var result = new T[values.Length];
        for (var n = 0; n < count; n++)
        {
            var offset = n * plane * channels;
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < channels; c++)
                {
                    result[offset + c * plane + p] = values[offset + p * channels + c];
                }
            }
        }

        return result;
    }

    private static string IdxPath(string directory, string stem)
    {
        var raw = Path.Combine(directory, stem);
        return File.Exists(raw + ".gz") ? raw + ".gz" : raw;
    }
}
