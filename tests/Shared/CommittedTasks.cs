using Ensemble.Tasks;
using Ensemble.Training.Networks;
using Ensemble.Training.Tensors;

namespace Ensemble.Testing;

/// <summary>The two committed tasks, for tests that build, train or serve on them.</summary>
public static class CommittedTasks
{
    private static readonly Lazy<TaskDefinition> LazyFashion = new(() => TaskDefinition.Read(RepositoryPaths.ModelsDirectory));
    private static readonly Lazy<TaskDefinition> LazyDigits = new(() => TaskDefinition.Read(DigitsDirectory));

    public static TaskDefinition Fashion => LazyFashion.Value;

    public static TensorShape FashionInput { get; } = new(1, 28, 28);

    public static string DigitsDirectory => Path.Combine(RepositoryPaths.ModelsRepository, "digits");

    public static TaskDefinition Digits => LazyDigits.Value;

    /// <summary>A preset built for the committed Fashion-MNIST task.</summary>
    public static Network FashionNetwork(string architecture, int seed, float width = 1f) =>
        Architectures.Create(architecture, seed, width, Fashion);
}
