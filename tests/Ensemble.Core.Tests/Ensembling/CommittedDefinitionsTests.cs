using System.Security.Cryptography;
using Ensemble.Core.Versions;

namespace Ensemble.Core.Tests.Ensembling;

/// <summary>
/// The ensemble definitions committed under models/ stay seedable: a member retrained or renamed without the
/// definition being exported again would leave a fresh clone without the tuned ensemble, which only the log would tell.
/// </summary>
public sealed class CommittedDefinitionsTests
{
    public static TheoryData<string> Definitions() =>
        [.. Directory.EnumerateDirectories(RepositoryPaths.ModelsRepository)
            .SelectMany(task => EnsembleDefinition.ReadAll(task).Select(d => Path.GetRelativePath(RepositoryPaths.ModelsRepository, d.File)))];

    [Fact]
    public void TheDefaultTask_CommitsATunedEnsemble() =>
        Assert.Contains(EnsembleDefinition.ReadAll(RepositoryPaths.ModelsDirectory), d => d.Definition?.Name == "fashion-mnist-tuned");

    [Fact]
    public void EveryCommittedDefaultEnsemble_IsACommittedDefinitionOfItsTask()
    {
        var named = Directory.EnumerateDirectories(RepositoryPaths.ModelsRepository)
            .Select(folder => (Folder: folder, Task: Ensemble.Tasks.TaskDefinition.Read(folder)))
            .Where(t => t.Task.DefaultEnsemble is not null)
            .ToList();

        Assert.Contains(named, t => t.Task.Name == "fashion-mnist");
        Assert.All(named, t => Assert.Contains(EnsembleDefinition.ReadAll(t.Folder), d => d.Definition?.Name == t.Task.DefaultEnsemble));
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public void EveryMember_IsACommittedFile_WithThePinnedSha256(string file)
    {
        var path = Path.Combine(RepositoryPaths.ModelsRepository, file);
        var taskFolder = Path.GetDirectoryName(Path.GetDirectoryName(path))!;
        var (_, definition, problem) = EnsembleDefinition.ReadAll(taskFolder).Single(d => d.File == path);

        Assert.Null(problem);
        Assert.False(File.Exists(Path.Combine(taskFolder, definition!.Name + ".onnx")), "an ensemble and a model share one name space");
        Assert.Equal(1f, definition.Members.Sum(m => m.Weight), 1e-4f);
        foreach (var member in definition.Members)
        {
            var model = Path.Combine(taskFolder, member.Model + ".onnx");
            Assert.True(File.Exists(model), $"{member.Model}.onnx is not in {taskFolder}");
            Assert.Equal(member.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model))));
            Assert.True(member.Weight > 0f && member.Temperature > 0f, $"{member.Model}: weight {member.Weight}, temperature {member.Temperature}");
        }
    }
}
