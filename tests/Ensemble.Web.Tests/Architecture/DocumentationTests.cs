using System.Text.RegularExpressions;

namespace Ensemble.Web.Tests.Architecture;

/// <summary>
/// The README stays a front door (short, with the two commands first), and every relative link in it and in docs/
/// reaches a file, and a heading where it names one.
/// </summary>
public sealed partial class DocumentationTests
{
    private const int ReadmeLineLimit = 250;

    public static TheoryData<string> Pages =>
    [
        "README.md",
        .. Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Readme_StaysWithinItsLineLimit_AndStartsWithTheTwoCommands()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));

        Assert.True(lines.Length <= ReadmeLineLimit, $"README.md has {lines.Length} lines; the front door keeps to {ReadmeLineLimit}, the rest belongs in docs/.");
        var firstBlock = lines.SkipWhile(line => !line.StartsWith("```", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => !line.StartsWith("```", StringComparison.Ordinal)).ToList();
        Assert.Equal(["dotnet run --project src/Ensemble.Web", "./test.sh"], firstBlock);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLink_ReachesAFileAndHeading(string page)
    {
        var path = Path.Combine(RepositoryPaths.Root, page);
        var broken = new List<string>();

        foreach (var target in Links(File.ReadAllText(path)))
        {
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: no file {Path.GetRelativePath(RepositoryPaths.Root, resolved)}");
            }
            else if (anchor is not null && !(resolved.EndsWith(".md", StringComparison.Ordinal) && Anchors(File.ReadAllText(resolved)).Contains(anchor)))
            {
                broken.Add($"{target}: no heading #{anchor} in {Path.GetRelativePath(RepositoryPaths.Root, resolved)}");
            }
        }

        Assert.True(broken.Count == 0, $"{page} has broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void Anchors_FollowGitHubsSlugRule()
    {
        var anchors = Anchors("# Open Inference Protocol: gRPC, binary tensors\n## `tuning-report` (5 folds)\n## Memory\n## Memory\n```\n# not a heading\n```\n");

        Assert.Equal(["open-inference-protocol-grpc-binary-tensors", "tuning-report-5-folds", "memory", "memory-1"], anchors);
    }

    [Fact]
    public void Links_SkipCodeAndTheWeb_AndKeepImages()
    {
        var links = Links("See [api](docs/api.md#access), ![shot](docs/images/dashboard.png) and [site](https://example.org).\n`[not](a-link.md)`\n```\n[neither](x.md)\n```\n");

        Assert.Equal(["docs/api.md#access", "docs/images/dashboard.png"], links);
    }

    /// <summary>Relative link targets outside code, images included; web and mail links are not checked here.</summary>
    private static List<string> Links(string markdown) =>
        LinkPattern().Matches(InlineCode().Replace(Fences().Replace(markdown, ""), ""))
            .Select(match => match.Groups["target"].Value.Trim('<', '>'))
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal))
            .ToList();

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered.</summary>
    private static List<string> Anchors(string markdown)
    {
        var seen = new Dictionary<string, int>();
        var anchors = new List<string>();
        foreach (Match heading in HeadingPattern().Matches(Fences().Replace(markdown, "")))
        {
            var slug = Slug().Replace(heading.Groups["text"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fences();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"!?\[[^\]\n]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\p{Mn}\p{Pc} -]")]
    private static partial Regex Slug();
}
