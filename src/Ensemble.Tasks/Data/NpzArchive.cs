using System.Globalization;
using System.IO.Compression;

namespace Ensemble.Tasks.Data;

/// <summary>
/// numpy's .npz format (np.savez, np.savez_compressed): a zip of .npy arrays, one per keyword. The sizes a zip
/// declares are checked before any entry is inflated, and each entry is read no further than its own header
/// allows, so a zip bomb or a lying entry costs at most the byte limit.
/// </summary>
public static class NpzArchive
{
    /// <summary>1 GiB of array data: CIFAR-10's 50,000 training images are 150 MB as bytes.</summary>
    public const long DefaultMaxBytes = 1L << 30;

    /// <summary>The arrays by keyword ("x" for x.npy).</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path, long maxBytes = DefaultMaxBytes)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is not an .npz archive: {e.Message}", e);
        }

        using (archive)
        {
            var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            var total = 0L;
            foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)))
            {
                var name = $"{entry.FullName} in {Path.GetFileName(path)}";
                total += entry.Length;
                if (entry.Length > maxBytes || total > maxBytes)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{name} inflates to {entry.Length:N0} bytes, more than the {maxBytes:N0} accepted."));
                }

                using var stream = entry.Open();
                arrays[entry.FullName[..^".npy".Length]] = NpyArray.Read(stream, name, maxBytes);
            }

            return arrays;
        }
    }
}
