namespace Ensemble.Core.Models;

/// <summary>
/// Resolves configured relative paths: absolute ones stand; relative ones are looked for in the app's folder and
/// then its ancestors, so <c>dotnet run</c> from the source tree finds the top-level models/ and a published app
/// finds the copy beside it.
/// </summary>
public static class PathResolver
{
    public static string Resolve(string path, string start)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine(start, path));
    }
}
