using Ensemble.Core.Models;
using Ensemble.Core.Tasks;
using Ensemble.Tasks;
using Ensemble.Tasks.Data;
using Ensemble.Training.Data;
using Ensemble.Training.Networks;
using Ensemble.Training.Tensors;
using Microsoft.Extensions.Options;

namespace Ensemble.Core.TrainingJobs;

/// <summary>
/// A task's splits for training: train from the task's data/ folder, or from the directory Training:TrainData
/// names for it (Debian's dataset-fashion-mnist for the committed task). They are read for each run and dropped
/// after it (Fashion-MNIST's 60,000 images are 47 MB as bytes; a server that trains once a week should not hold
/// them in between). A missing split is reported when a job or search asks for it, not at start-up.
/// </summary>
public sealed class TrainingData(IOptions<TrainingOptionsSection> options, ModelRegistry registry)
{
    /// <summary>The task a job or search means: the one named, or the default task (old jobs stored none).</summary>
    public ServedTask Resolve(string? name)
    {
        var task = string.IsNullOrEmpty(name)
            ? registry.DefaultTask ?? throw new RefusalException(RefusalKind.Unavailable, "The model repository has no usable task.")
            : registry.FindTask(name) ?? throw new RefusalException(RefusalKind.NotFound, $"No task is named '{name}'.", "task");
        if (task.Definition is not { } definition)
        {
            throw new RefusalException(RefusalKind.Conflict, $"Task '{task.Name}' cannot be trained on: {string.Join(" ", task.Problems)}", "task");
        }

        if (definition.Kind != TaskKind.Image)
        {
            throw new RefusalException(RefusalKind.Invalid, $"Task '{task.Name}' is a features task; the trainer's presets train image tasks.", "task");
        }

        return task;
    }

    /// <summary>Where the train split is looked for when the task's folder has none.</summary>
    public string? TrainDirectory(ServedTask task) => options.Value.TrainData.GetValueOrDefault(task.Name);

    /// <summary>Why <paramref name="task"/> cannot be trained on now, or null when its train split is there.</summary>
    public string? MissingMessage(ServedTask task) =>
        task.HasTrain || TrainDirectory(task) is { } directory && TaskScanner.HasSplit(directory, ServedTask.Train) ? null
        : TrainDirectory(task) is { } configured
            ? $"Task '{task.Name}' has no train split in {task.DataDirectory} nor in {configured}" +
              (task.Name == FashionMnist.TaskName ? ": install it with 'apt-get install dataset-fashion-mnist'." : ".")
            : $"Task '{task.Name}' has no train split: add train.npz, train/ (a folder per class) or the train-*-idx files to {task.DataDirectory}, or name a directory in Training:TrainData:{task.Name}.";

    /// <summary>Why <paramref name="architecture"/> cannot train on <paramref name="task"/>, or null when it can.</summary>
    public static string? WhyNotFit(string architecture, ServedTask task) => task.Definition is { } d
        ? Architectures.WhyNotFit(architecture, new TensorShape(d.Input.Channels, d.Input.Height, d.Input.Width))
        : null;

    /// <summary>Reads the three splits; the caller keeps them for one run.</summary>
    /// <exception cref="DatasetNotFoundException">The train split is not there.</exception>
    public DatasetSplits Load(ServedTask task) => TrainingSplits.Load(task.Folder, TrainDirectory(task)).Splits;
}
