namespace Ensemble.Tasks;

/// <summary>A task folder that cannot be used, with every reason found (not only the first).</summary>
public sealed class InvalidTaskException(string task, IReadOnlyList<string> problems)
    : Exception($"Task '{task}': {string.Join(" ", problems)}")
{
    public string Task { get; } = task;

    public IReadOnlyList<string> Problems { get; } = problems;
}
