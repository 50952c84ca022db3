using System.IO.Compression;

namespace Ensemble.Core.Tasks;

/// <summary>
/// Unpacks an uploaded zip of a task folder, refusing what would escape or swamp the folder: an entry whose path
/// is absolute or climbs out with "..", a symbolic link, more than <see cref="MaxEntries"/> entries, or more bytes
/// than the limit once inflated. Bytes are counted as they are inflated, not taken from the headers, which a zip
/// bomb lies in. The archive may hold the folder's files at its root or under one top-level folder.
/// </summary>
public static class TaskArchive
{
    public const int MaxEntries = 100_000;
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;

    /// <exception cref="InvalidDataException">Why the archive is refused; nothing is left in <paramref name="destination"/>'s parent but the folder being written, which the caller deletes.</exception>
    public static void Extract(Stream zip, string destination, long maxBytes)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The upload is not a zip archive: {e.Message}");
        }

        using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
            {
                throw new InvalidDataException($"The archive has {archive.Entries.Count:N0} entries; a task folder may have at most {MaxEntries:N0}.");
            }

            var prefix = CommonFolder(archive.Entries);
            var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
            long written = 0;
            foreach (var entry in archive.Entries)
            {
                var relative = Relative(entry, prefix);
                if (relative.Length == 0)
                {
                    continue;
                }

                var target = Path.GetFullPath(Path.Combine(destination, relative));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"The entry '{entry.FullName}' lies outside the task folder.");
                }

                if (entry.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(target);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using var source = entry.Open();
                using var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
                var buffer = new byte[81_920];
                int read;
                while ((read = source.Read(buffer)) > 0)
                {
                    written += read;
                    if (written > maxBytes)
                    {
                        throw new InvalidDataException($"The archive inflates to more than {maxBytes:N0} bytes, the most a task upload may hold.");
                    }

                    file.Write(buffer, 0, read);
                }
            }
        }
    }

    private static string Relative(ZipArchiveEntry entry, string prefix)
    {
        var name = entry.FullName;
        if (name.Contains('\\') || name.StartsWith('/') || name.Contains(':') || name.Split('/').Any(part => part is ".."))
        {
            throw new InvalidDataException($"The entry '{name}' has a path that is absolute or climbs out of the task folder.");
        }

        if (((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymbolicLink)
        {
            throw new InvalidDataException($"The entry '{name}' is a symbolic link; a task folder holds files only.");
        }

        return name[prefix.Length..];
    }

    // "folder/" when every entry lies under that one folder and task.json is not at the root; "" otherwise.
    private static string CommonFolder(IReadOnlyCollection<ZipArchiveEntry> entries)
    {
        if (entries.Any(e => e.FullName == "task.json"))
        {
            return "";
        }

        var tops = entries.Select(e => e.FullName.Split('/')[0]).Distinct().ToList();
        return tops.Count == 1 && entries.All(e => e.FullName.Length > tops[0].Length && e.FullName[tops[0].Length] == '/') ? tops[0] + "/" : "";
    }
}
