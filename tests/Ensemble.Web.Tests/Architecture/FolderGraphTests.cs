using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Ensemble.Web.Tests.Architecture;

/// <summary>
/// The folders of each project (one namespace each) depend on each other without cycles, so that any folder can be
/// read, tested and changed with only the folders below it in mind.
/// </summary>
public sealed partial class FolderGraphTests(ITestOutputHelper output)
{
    public static TheoryData<string> Projects => ["Ensemble.Tasks", "Ensemble.Training", "Ensemble.Core", "Ensemble.Web"];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Folders_ReferenceEachOther_WithoutCycles(string project)
    {
        var graph = NamespaceGraph.Read(Path.Combine(AppContext.BaseDirectory, project + ".dll"), project);
        output.WriteLine(graph.Describe());

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(cycle => Explain(graph, cycle))));
    }

    [Fact]
    public void EverySourceFile_DeclaresTheNamespaceOfItsFolder()
    {
        var source = Path.Combine(RepositoryPaths.Root, "src");
        var misplaced = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar) is [_, "obj" or "bin", ..])
            {
                continue;
            }

            var declared = File.ReadLines(file).Select(line => NamespaceLine().Match(line)).FirstOrDefault(match => match.Success)?.Groups[1].Value;
            var expected = Path.GetDirectoryName(relative)!.Replace(Path.DirectorySeparatorChar, '.');
            if (declared is not null && declared != expected)
            {
                misplaced.Add($"{relative}: namespace {declared}, folder {expected}");
            }
        }

        Assert.True(misplaced.Count == 0, "A file's namespace names its folder, so the folder graph is the namespace graph:\n" + string.Join('\n', misplaced));
    }

    [GeneratedRegex(@"^namespace ([\w.]+)")]
    private static partial Regex NamespaceLine();

    private static string Explain(NamespaceGraph graph, IReadOnlyList<string> cycle) =>
        $"cycle among {string.Join(", ", cycle.Select(graph.Short))}:\n" + string.Join('\n', graph.Edges
            .Where(edge => cycle.Contains(edge.From) && cycle.Contains(edge.To))
            .Select(edge => $"  {graph.Short(edge.From)} → {graph.Short(edge.To)} ({graph.Example(edge.From, edge.To)})"));
}
