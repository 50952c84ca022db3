using Ensemble.Tasks;
using Ensemble.Tasks.Data;

namespace Ensemble.Training.Data;

/// <summary>
/// The splits a training run needs: validation and test from the task's data folder, train from there too or,
/// when the folder does not ship it, from a directory given for it (Debian's dataset-fashion-mnist, say). Training
/// samples equal to a validation or test sample are dropped (see <see cref="SampleDeduplicator"/>).
/// </summary>
public static class TrainingSplits
{
    public const string DataFolder = "data";

    /// <exception cref="InvalidTaskException">The task folder has no usable task.json.</exception>
    /// <exception cref="DatasetNotFoundException">A split is missing; the message says where it was looked for.</exception>
    /// <exception cref="InvalidDataException">A split does not fit the task.</exception>
    public static (DatasetSplits Splits, int DroppedDuplicates) Load(string taskFolder, string? trainDirectory = null)
    {
        var task = TaskDefinition.Read(taskFolder);
        if (task.Kind != TaskKind.Image)
        {
            throw new InvalidTaskException(task.Name, ["It is a features task; the trainer's presets train image tasks."]);
        }

        var data = Path.Combine(taskFolder, DataFolder);
        var validation = TaskData.Load(task, data, "validation") ?? throw Missing(task, "validation", data, null);
        var test = TaskData.Load(task, data, "test") ?? throw Missing(task, "test", data, null);
        var train = TaskData.Load(task, data, "train")
            ?? (trainDirectory is not null && Directory.Exists(trainDirectory) ? TaskData.Load(task, trainDirectory, "train") : null)
            ?? throw Missing(task, "train", data, trainDirectory);
        var (kept, dropped) = SampleDeduplicator.ExceptHeldOut(train, validation, test);
        if (kept.Count == 0)
        {
            throw new InvalidDataException($"Every training sample of task '{task.Name}' is also a validation or test sample; nothing is left to train on.");
        }

        return (new DatasetSplits(task, kept, validation, test), dropped);
    }

    private static DatasetNotFoundException Missing(TaskDefinition task, string split, string data, string? trainDirectory) => new(
        $"Task '{task.Name}' has no {split} split in {data} ({split}.npz, {split}/ with a folder per class, or the IDX pair {split}-images/labels-idx*-ubyte[.gz])" +
        (trainDirectory is null ? "." : $" nor in {trainDirectory}."));
}
