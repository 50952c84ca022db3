using Ensemble.Core.Models;
using Ensemble.Core.Tasks;
using Ensemble.Core.Versions;
using Ensemble.Tasks;

namespace Ensemble.Web.Endpoints.Tasks;

/// <summary>
/// A task of the model repository: what its input is and its classes, its models (loaded or failed) and
/// ensembles, the one that serves a request naming none, the sizes of its splits (null where it has none), and every
/// problem found in its folder. A task whose task.json is unusable has only its name, folder and problems.
/// </summary>
public sealed record TaskResponse(
    string Name,
    bool Usable,
    string? Description,
    TaskKind? Kind,
    TaskInput? Input,
    IReadOnlyList<string> Classes,
    ImagePreparation? Image,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Ensembles,
    TaskSplitSizes Splits,
    IReadOnlyList<string> Problems,
    bool Default,
    string? DefaultEnsemble)
{
    public static TaskResponse From(ServedTask task, ModelRegistry registry, EnsembleStore ensembles)
    {
        var definition = task.Definition;
        return new(
            task.Name,
            task.IsUsable,
            definition?.Description,
            definition?.Kind,
            definition?.Input,
            definition?.Classes ?? [],
            definition?.Kind == TaskKind.Image ? definition.Image : null,
            [.. registry.Models.Where(m => ReferenceEquals(m.Task, task)).Select(m => m.Name)],
            [.. ensembles.ActiveIn(task.Name).Select(e => e.Name)],
            new TaskSplitSizes(task.HasTrain, task.ValidationSamples?.Count, task.TestSamples?.Count),
            task.Problems,
            ReferenceEquals(registry.DefaultTask, task),
            ensembles.Default(task.Name)?.Name);
    }
}
