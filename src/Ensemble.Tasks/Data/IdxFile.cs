using System.Buffers.Binary;
using System.IO.Compression;

namespace Ensemble.Tasks.Data;

/// <summary>
/// Reads and writes IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic (0x0000 0x08 rank),
/// the dimension sizes, then unsigned bytes. Gzipped files are recognized by their first two bytes.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads an unsigned-byte IDX file and returns its dimensions and data.</summary>
    public static (int[] Dimensions, byte[] Data) Read(string path)
    {
        using var stream = OpenMaybeGzip(path);
        Span<byte> header = stackalloc byte[4];
        ReadExactly(stream, header, path);
        if (header[0] != 0 || header[1] != 0 || header[2] != UnsignedByte || header[3] is 0 or > 4)
        {
            throw new InvalidDataException($"{path} is not an unsigned-byte IDX file.");
        }

        var dimensions = new int[header[3]];
        long length = 1;
        Span<byte> size = stackalloc byte[4];
        for (var i = 0; i < dimensions.Length; i++)
        {
            ReadExactly(stream, size, path);
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(size);
            if (dimensions[i] < 0)
            {
                throw new InvalidDataException($"{path} has a negative dimension.");
            }

            length *= dimensions[i];
        }

        if (length > Array.MaxLength)
        {
            throw new InvalidDataException($"{path} declares {length} values, more than fit in memory.");
        }

        var data = new byte[length];
        ReadExactly(stream, data, path);
        return (dimensions, data);
    }

    public static void Write(string path, int[] dimensions, ReadOnlySpan<byte> data, bool gzip)
    {
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.SmallestSize) : file;
        Span<byte> header = [0, 0, UnsignedByte, (byte)dimensions.Length];
        stream.Write(header);
        Span<byte> size = stackalloc byte[4];
        foreach (var d in dimensions)
        {
            BinaryPrimitives.WriteInt32BigEndian(size, d);
            stream.Write(size);
        }

        stream.Write(data);
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var file = File.OpenRead(path);
        var b0 = file.ReadByte();
        var b1 = file.ReadByte();
        file.Position = 0;
        return b0 == 0x1F && b1 == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : new BufferedStream(file);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path} is truncated.");
        }
    }
}
