using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ensemble.Tasks.Data;

/// <summary>
/// One array in numpy's .npy format: a magic string, a version, a Python dict literal giving the element type
/// ('descr'), the memory order and the shape, then the elements in C order. Every size the header states is checked
/// against the bytes that follow before anything is allocated for them, so a file that lies about its shape is
/// refused with both numbers instead of being read as garbage or exhausting memory.
/// </summary>
public sealed partial class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public NpyArray(NpyType type, int[] shape, byte[] data)
    {
        var count = ElementCount(shape, "the array");
        if (data.LongLength != count * ItemSize(type))
        {
            throw new ArgumentException($"{data.Length} bytes do not hold {count} elements of {type}.", nameof(data));
        }

        (Type, Shape, Data) = (type, shape, data);
    }

    public NpyType Type { get; }

    public int[] Shape { get; }

    /// <summary>The elements, little-endian, in C order.</summary>
    public byte[] Data { get; }

    public long Count => Data.LongLength / ItemSize(Type);

    /// <summary>Every element as a float (integers exactly up to 2^24; wider ones rounded as floats round).</summary>
    public float[] ToSingles()
    {
        var values = new float[Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)Element(i);
        }

        return values;
    }

    /// <summary>Every element as an int, for class indices: integer types only, each within int's range.</summary>
    /// <param name="what">Names the array in the error, for example "y in validation.npz".</param>
    public int[] ToInt32s(string what)
    {
        if (Type is NpyType.Float16 or NpyType.Float32 or NpyType.Float64)
        {
            throw new InvalidDataException($"{what} holds {Type} values; class indices must be integers.");
        }

        var values = new int[Count];
        for (var i = 0; i < values.Length; i++)
        {
            var value = Element(i);
            values[i] = value is >= int.MinValue and <= int.MaxValue
                ? (int)value
                : throw new InvalidDataException($"{what} holds {value} at position {i}, which is not a class index.");
        }

        return values;
    }

    // A double holds every element type exactly, but for 64-bit integers beyond 2^53 (never a pixel or a class).
    private double Element(int index)
    {
        var size = ItemSize(Type);
        var item = Data.AsSpan(index * size, size);
        return Type switch
        {
            NpyType.Bool or NpyType.UInt8 => item[0],
            NpyType.Int8 => (sbyte)item[0],
            NpyType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(item),
            NpyType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(item),
            NpyType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(item),
            NpyType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(item),
            NpyType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(item),
            NpyType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(item),
            NpyType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(item),
            NpyType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(item),
            _ => BinaryPrimitives.ReadDoubleLittleEndian(item),
        };
    }

    /// <summary>Reads one array from <paramref name="stream"/>, which must hold exactly it.</summary>
    /// <param name="name">Names the array in errors, for example "x.npy in train.npz".</param>
    /// <param name="maxBytes">The most element bytes accepted, checked before they are read.</param>
    public static NpyArray Read(Stream stream, string name, long maxBytes)
    {
        Span<byte> preamble = stackalloc byte[8];
        if (stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false) < preamble.Length || !preamble[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{name} is not a .npy array (no \\x93NUMPY magic).");
        }

        var major = preamble[6];
        if (major is < 1 or > 3)
        {
            throw new InvalidDataException($"{name} is .npy version {major}.{preamble[7]}; versions 1 to 3 are read.");
        }

        Span<byte> length = stackalloc byte[major == 1 ? 2 : 4];
        stream.ReadExactly(length);
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(length) : BinaryPrimitives.ReadUInt32LittleEndian(length);
        // numpy pads headers to 64 bytes; 64 KiB is far beyond any dict it writes.
        if (headerLength > 65_536)
        {
            throw new InvalidDataException($"{name} declares a {headerLength}-byte header.");
        }

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
        {
            throw new InvalidDataException($"{name} ends inside its header.");
        }

        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (type, shape) = ParseHeader(header, name);
        var count = ElementCount(shape, name);
        var bytes = count * ItemSize(type);
        if (bytes > Math.Min(maxBytes, Array.MaxLength))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{name} declares {count:N0} elements ({bytes:N0} bytes), more than the {Math.Min(maxBytes, Array.MaxLength):N0} bytes accepted."));
        }

        var data = new byte[bytes];
        var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{name} is truncated: its shape {Describe(shape)} needs {bytes:N0} bytes of {type}, and it holds {read:N0}."));
        }

        if (stream.ReadByte() != -1)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{name} holds more data than its shape {Describe(shape)} of {type} declares ({bytes:N0} bytes)."));
        }

        return new NpyArray(type, shape, data);
    }

    /// <summary>Bytes per element.</summary>
    public static int ItemSize(NpyType type) => type switch
    {
        NpyType.Bool or NpyType.UInt8 or NpyType.Int8 => 1,
        NpyType.UInt16 or NpyType.Int16 or NpyType.Float16 => 2,
        NpyType.UInt32 or NpyType.Int32 or NpyType.Float32 => 4,
        _ => 8,
    };

    public static string Describe(IReadOnlyList<int> shape) => $"({string.Join(", ", shape)})";

    private static (NpyType Type, int[] Shape) ParseHeader(string header, string name)
    {
        var descr = DescrPattern().Match(header);
        if (!descr.Success)
        {
            throw new InvalidDataException($"{name} has no plain element type in its header ({header.Trim()}); structured arrays are not read.");
        }

        if (FortranPattern().Match(header) is not { Success: true } fortran)
        {
            throw new InvalidDataException($"{name} does not say its memory order in its header.");
        }

        if (fortran.Groups[1].Value == "True")
        {
            throw new InvalidDataException($"{name} is in Fortran order; save it with np.ascontiguousarray(...) first.");
        }

        if (ShapePattern().Match(header) is not { Success: true } shapeMatch)
        {
            throw new InvalidDataException($"{name} has no shape in its header.");
        }

        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                ? size
                : throw new InvalidDataException($"{name} has a dimension '{d}' that is not a size."))
            .ToArray();
        return (ParseType(descr.Groups[1].Value, name), shape);
    }

    private static NpyType ParseType(string descr, string name)
    {
        // The first character is the byte order: '<' little, '>' big, '|' not applicable, '=' native (little here).
        if (descr.Length < 2 || descr[0] is not ('<' or '>' or '|' or '='))
        {
            throw new InvalidDataException($"{name} has the element type '{descr}', which is not a numpy dtype string.");
        }

        NpyType? type = descr[1..] switch
        {
            "b1" => NpyType.Bool,
            "u1" => NpyType.UInt8,
            "i1" => NpyType.Int8,
            "u2" => NpyType.UInt16,
            "i2" => NpyType.Int16,
            "u4" => NpyType.UInt32,
            "i4" => NpyType.Int32,
            "u8" => NpyType.UInt64,
            "i8" => NpyType.Int64,
            "f2" => NpyType.Float16,
            "f4" => NpyType.Float32,
            "f8" => NpyType.Float64,
            _ => null,
        };
        if (type is not { } known)
        {
            throw new InvalidDataException($"{name} holds '{descr}' elements; numeric arrays (bool, integers, float16/32/64) are read.");
        }

        if (descr[0] == '>' && ItemSize(known) > 1)
        {
            throw new InvalidDataException($"{name} is big-endian ('{descr}'); save it with arr.astype(arr.dtype.newbyteorder('<')).");
        }

        return known;
    }

    private static long ElementCount(IReadOnlyList<int> shape, string name)
    {
        long count = 1;
        foreach (var size in shape)
        {
            if (size < 0)
            {
                throw new InvalidDataException($"{name} has a negative dimension in {Describe(shape)}.");
            }

            count = size == 0 ? 0 : count > Array.MaxLength / size ? throw new InvalidDataException($"{name} declares a shape {Describe(shape)} too large to hold.") : count * size;
        }

        return count;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
